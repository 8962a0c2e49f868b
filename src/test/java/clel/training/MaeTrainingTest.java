package clel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.TestModels;
import clel.config.ClelConfig;
import clel.config.ConfigLoader;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.encoder.MaeEncoder;
import clel.encoder.MaeSettings;
import clel.encoder.MaeStandIn;
import clel.io.FileChecksum;
import clel.model.TrainedModel;
import clel.run.Checkpoint;
import clel.sampling.ConditionalSampler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * loss.encoder_objective=mae (Appendix C) with the TorchScript stand-in of a frozen MAE encoder: trains only the MLP,
 * saves, resumes exactly, samples; the checkpoint names the file by its SHA-256 and refuses another or a missing one.
 */
class MaeTrainingTest {
    private static ImageSet data() {
        return ShapesDataset.train(32, 5);
    }

    private static ClelConfig mae(Path dir, Path file) throws IOException {
        return TestModels.microRun(dir, "loss.encoder_objective=mae", "encoder_objectives.mae.encoder=" + file,
                "augment.encoder=none", "iterations=20");
    }

    @Test
    void maeTrainsSavesResumesExactlyAndSamples(@TempDir Path dir) throws IOException {
        Path file = MaeStandIn.copy(MaeStandIn.FILE, dir);
        Path straight = dir.resolve("straight.ckpt");
        Path mid = dir.resolve("mid.ckpt");
        float[] frozenBefore;
        try (Trainer t = Trainer.start(mae(dir.resolve("a"), file), data(), dir.resolve("a"), Device.cpu())) {
            MaeEncoder h = (MaeEncoder) t.live().encoder();
            NDManager m = t.live().ebm().getParameters().get(0).getValue().getArray().getManager();
            frozenBefore = h.backbone().features(MaeStandIn.fixedImages(m, 2)).toFloatArray();
            float[] mlpBefore = TestModels.param(h, "fc1_weight").getArray().toFloatArray();
            for (int i = 0; i < 20; i++) {
                StepMetrics s = t.step();
                assertTrue(Double.isFinite(s.loss()) && s.encoderLoss() > 0, "finite losses at " + s.iteration());
                if (i == 11) {
                    t.save(mid);
                }
            }
            t.save(straight);
            assertFalse(Arrays.equals(mlpBefore, TestModels.param(h, "fc1_weight").getArray().toFloatArray()),
                    "the MLP learns");
            assertArrayEquals(frozenBefore, h.backbone().features(MaeStandIn.fixedImages(m, 2)).toFloatArray(), 0f,
                    "the MAE encoder stays frozen");
            assertTrue(h.backbone().isFrozen());
        }
        Path resumed = dir.resolve("resumed.ckpt");
        try (Trainer t = Trainer.resume(mid, data(), dir.resolve("b"), Device.cpu(), 0)) {
            for (int i = 0; i < 8; i++) {
                t.step();
            }
            t.save(resumed);
        }
        Checkpoint a = Checkpoint.read(straight);
        assertEquals(a.stateDigest(), Checkpoint.read(resumed).stateDigest(), "resume is bit-identical");
        ClelConfig stored = a.config(straight);
        MaeSettings recorded = stored.encoderObjectives().of(MaeSettings.class);
        assertEquals(file.toAbsolutePath().normalize().toString(), recorded.encoder());
        assertEquals(FileChecksum.sha256(file), recorded.encoderSha256());

        // TrainedModel reads the entries encoder(_ema).params into the MLP alone (BlockState refuses extra bytes)
        try (TrainedModel model = TrainedModel.load(straight, true, Device.cpu()); NDManager m = NDManager.newBaseManager()) {
            NDArray samples = ConditionalSampler.of(model, 2, 1).unconditional(m, 4, 1);
            assertEquals(4, samples.getShape().get(0));
            for (float x : samples.toFloatArray()) {
                assertTrue(x >= 0 && x <= 1, "samples are images in [0, 1]");
            }
            float[][] z = model.latents(samples.toFloatArray());
            assertEquals(4, z.length);
            assertEquals(1.0, Math.sqrt(dot(z[0], z[0])), 1e-5);
        }

        // the checkpoint refuses another file at the recorded path, and a missing one, in one line naming it
        Files.copy(MaeStandIn.copy(MaeStandIn.FEATURE_MAP, dir), file, StandardCopyOption.REPLACE_EXISTING);
        IllegalArgumentException other = assertThrows(IllegalArgumentException.class,
                () -> TrainedModel.load(straight, true, Device.cpu()));
        assertTrue(other.getMessage().startsWith(file.toAbsolutePath().normalize() + ": SHA-256 "), other.getMessage());
        Files.delete(file);
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> Trainer.resume(mid, data(), dir.resolve("c"), Device.cpu(), 0));
        assertTrue(missing.getMessage().startsWith(file.toAbsolutePath().normalize() + ": no such file"),
                missing.getMessage());
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void checkpointsWrittenBeforeTheMaeSettingsStillLoadAndResume(@TempDir Path dir) throws IOException {
        Path ckpt = dir.resolve("old.ckpt");
        try (Trainer t = Trainer.start(TestModels.microRun(dir.resolve("a"), "iterations=3"), data(), dir.resolve("a"),
                Device.cpu())) {
            t.step();
            t.save(ckpt);
        }
        // a version before the mae settings: the same entries, its config.yaml without them
        Checkpoint c = Checkpoint.read(ckpt);
        String yaml = new String(c.entries().get(Checkpoint.CONFIG), StandardCharsets.UTF_8)
                .replaceAll("(?m)^encoder_objectives:\\n(  .*\\n)+", "");
        assertFalse(yaml.contains("mae"), yaml);
        c.entries().put(Checkpoint.CONFIG, yaml.getBytes(StandardCharsets.UTF_8));
        c.write(ckpt);
        assertEquals(MaeSettings.DEFAULTS,
                ConfigLoader.fromYaml(yaml, "old checkpoint").encoderObjectives().of(MaeSettings.class));
        try (TrainedModel model = TrainedModel.load(ckpt, true, Device.cpu())) {
            assertEquals(2, model.energy(new float[2 * 3 * 32 * 32]).length);
        }
        try (Trainer t = Trainer.resume(ckpt, data(), dir.resolve("b"), Device.cpu(), 0)) {
            assertEquals(1, t.iteration());
            t.step();
        }
    }

    /**
     * A checkpoint of the version that kept the mae settings in the model section (model.mae_encoder and
     * model.mae_encoder_sha256): it loads and resumes with them read as encoder_objectives.mae's, under the same rules.
     */
    @Test
    void maeCheckpointsWithTheFormerModelKeysLoadAndResume(@TempDir Path dir) throws IOException {
        Path file = MaeStandIn.copy(MaeStandIn.FILE, dir);
        Path ckpt = dir.resolve("former.ckpt");
        try (Trainer t = Trainer.start(mae(dir.resolve("a"), file), data(), dir.resolve("a"), Device.cpu())) {
            t.step();
            t.save(ckpt);
        }
        Checkpoint c = Checkpoint.read(ckpt);
        String yaml = new String(c.entries().get(Checkpoint.CONFIG), StandardCharsets.UTF_8);
        Matcher section = Pattern
                .compile("(?m)^encoder_objectives:\\n  mae:\\n    encoder: (.*)\\n    encoder_sha256: (.*)\\n").matcher(yaml);
        assertTrue(section.find(), yaml);
        String former = yaml.substring(0, section.start()) + yaml.substring(section.end());
        former = former.replaceFirst("(?m)^  channels_last: ", Matcher.quoteReplacement(
                "  mae_encoder: " + section.group(1) + "\n  mae_encoder_sha256: " + section.group(2) + "\n  channels_last: "));
        assertFalse(former.contains("encoder_objectives"), former);
        c.entries().put(Checkpoint.CONFIG, former.getBytes(StandardCharsets.UTF_8));
        c.write(ckpt);
        MaeSettings read = Checkpoint.read(ckpt).config(ckpt).encoderObjectives().of(MaeSettings.class);
        assertEquals(file.toAbsolutePath().normalize().toString(), read.encoder());
        assertEquals(FileChecksum.sha256(file), read.encoderSha256());
        try (TrainedModel model = TrainedModel.load(ckpt, true, Device.cpu())) {
            assertEquals(2, model.energy(new float[2 * 3 * 32 * 32]).length);
        }
        try (Trainer t = Trainer.resume(ckpt, data(), dir.resolve("b"), Device.cpu(), 0)) {
            assertEquals(1, t.iteration());
            t.step();
        }
    }
}

package clel.encoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import clel.TestModels;
import clel.config.ModelConfig;
import clel.io.FileChecksum;
import clel.nn.ParameterCounting;
import clel.torchscript.CraftedTorchScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frozen MAE encoder from a TorchScript file and the MLP on it (Appendix C), against a PyTorch-made stand-in. */
class MaeEncoderTest {
    private static final Shape IMAGE = new Shape(3, 32, 32);

    @Test
    void theStandInsFeaturesMatchPyTorchAndItIsFrozen(@TempDir Path dir) throws IOException {
        Path file = MaeStandIn.copy(MaeStandIn.FILE, dir);
        float[] expected = MaeStandIn.floats("mae-standin-features.npy", dir);
        try (NDManager m = NDManager.newBaseManager()) {
            MaeBackbone b = MaeBackbone.load(file, FileChecksum.sha256(file), m, IMAGE);
            assertEquals(MaeStandIn.WIDTH, b.width());
            assertEquals(FileChecksum.sha256(file), b.sha256());
            NDArray f = b.features(MaeStandIn.fixedImages(m, 2));
            assertEquals(new Shape(2, MaeStandIn.WIDTH), f.getShape());
            assertArrayEquals(expected, f.toFloatArray(), 1e-5f);
            assertTrue(b.isFrozen(), "no parameter of the file requires a gradient");
            // the script's layers: conv 3->12 (4x4), conv 12->24 (4x4), LayerNorm(24)
            Map<String, Long> layers = b.parameterCounts(1);
            assertEquals(List.of("patch", "mix", "norm"), List.copyOf(layers.keySet()));
            assertEquals(List.of(3L * 12 * 16 + 12, 12L * 24 * 16 + 24, 2L * 24), List.copyOf(layers.values()));
            assertEquals(layers.values().stream().mapToLong(Long::longValue).sum(), b.parameterCount());
        }
    }

    @Test
    void onlyTheMlpIsTrainedAndNoGradientReachesTheFrozenPart(@TempDir Path dir) throws IOException {
        Path file = MaeStandIn.copy(MaeStandIn.FILE, dir);
        ModelConfig cfg = TestModels.tiny();
        MaeSettings settings = MaeBackbone.pin(new MaeSettings(file.toString(), ""));
        try (NDManager m = NDManager.newBaseManager()) {
            MaeEncoder h = MaeEncoder.load(cfg, settings, m);
            h.initialize(m, DataType.FLOAT32, new Shape(1, 3, 32, 32));
            int hidden = cfg.encoderHidden();
            int dz = cfg.featureDim();
            // Linear(24, hidden) + BatchNorm scale and shift + Linear(hidden, d_z): nothing of the file
            assertEquals((long) MaeStandIn.WIDTH * hidden + hidden + 2L * hidden + (long) hidden * dz + dz,
                    ParameterCounting.trainable(h));
            for (Pair<String, Parameter> p : h.getParameters()) {
                assertTrue(p.getKey().matches("\\d*(fc1|bn|fc2)_.*"), "only MLP parameters: " + p.getKey());
            }
            float[] before = h.backbone().features(MaeStandIn.fixedImages(m, 2)).toFloatArray();
            try (NDManager scope = m.newSubManager()) {
                NDArray x = MaeStandIn.fixedImages(scope, 4);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray z = h.latent(new ParameterStore(scope, false), x, true);
                    assertEquals(new Shape(4, dz), z.getShape());
                    assertArrayEquals(new float[] {1, 1, 1, 1}, z.norm(new int[] {1}).toFloatArray(), 1e-5f);
                    gc.backward(z.get(":, 0").sum());
                }
            }
            NDArray g = TestModels.param(h, "fc1_weight").getArray().getGradient();
            assertTrue(g.abs().sum().getFloat() > 0, "the MLP receives a gradient");
            assertTrue(h.backbone().isFrozen(), "the frozen part still requires no gradient after a backward");
            assertArrayEquals(before, h.backbone().features(MaeStandIn.fixedImages(m, 2)).toFloatArray(), 0f);
        }
    }

    @Test
    void theSha256IsRecordedAndAnotherFileIsRefused(@TempDir Path dir) throws IOException {
        Path file = MaeStandIn.copy(MaeStandIn.FILE, dir);
        MaeSettings pinned = MaeBackbone.pin(new MaeSettings(file.toString(), ""));
        assertEquals(file.toAbsolutePath().normalize().toString(), pinned.encoder());
        assertEquals(FileChecksum.sha256(file), pinned.encoderSha256());
        assertEquals(pinned, MaeBackbone.pin(pinned), "pinning twice changes nothing");
        assertEquals(MaeSettings.DEFAULTS, MaeBackbone.pin(MaeSettings.DEFAULTS), "no MAE encoder, nothing to pin");

        Files.copy(MaeStandIn.copy(MaeStandIn.FEATURE_MAP, dir), file,
                StandardCopyOption.REPLACE_EXISTING);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> MaeBackbone.load(file, pinned.encoderSha256(), m, IMAGE));
            assertOneLine(e, file + ": SHA-256 " + FileChecksum.sha256(file) + " differs from "
                    + "encoder_objectives.mae.encoder_sha256 " + pinned.encoderSha256());
            assertThrows(IllegalArgumentException.class, () -> MaeBackbone.pin(pinned));
        }
    }

    /** Loads {@code file} as the user's own choice: with the digest {@link MaeBackbone#pin} would record. */
    private static MaeBackbone loadNamed(Path file, NDManager m) throws IOException {
        String sha = Files.isRegularFile(file) ? FileChecksum.sha256(file) : "0".repeat(64);
        return MaeBackbone.load(file, sha, m, IMAGE);
    }

    @Test
    void filesThatDoNotKeepToTheContractGiveOneLineErrorsNamingThem(@TempDir Path dir) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            Path missing = dir.resolve("none.pt");
            assertOneLine(assertThrows(IllegalArgumentException.class, () -> loadNamed(missing, m)),
                    missing + ": no such file (encoder_objectives.mae.encoder");

            Path pickle = dir.resolve("mae_pretrain_vit_tiny.pth");
            Files.write(pickle, new byte[] {(byte) 0x80, 2, 'x', 'y'});
            assertOneLine(assertThrows(IllegalArgumentException.class, () -> loadNamed(pickle, m)),
                    pickle + ": not a TorchScript archive");

            Path fakeZip = dir.resolve("fake.pt");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(fakeZip))) {
                z.putNextEntry(new ZipEntry("fake/data.pkl"));
                z.write(new byte[] {1, 2, 3});
            }
            assertOneLine(assertThrows(IllegalArgumentException.class, () -> loadNamed(fakeZip, m)),
                    fakeZip + ": is a zip archive but not a TorchScript file");

            Path inception = CraftedTorchScript.resource("/clel/evaluation/inception-standin.pt", dir.resolve("i.pt"));
            assertOneLine(assertThrows(IllegalArgumentException.class, () -> loadNamed(inception, m)),
                    inception + ": its forward takes (img, return_features, use_fp16, no_output_bias), not one tensor");

            Path featureMap = MaeStandIn.copy(MaeStandIn.FEATURE_MAP, dir);
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> loadNamed(featureMap, m));
            assertOneLine(shape, featureMap + ": forward returned float32 (2, 24, 1, 1); expected float32 features "
                    + "(2, D) for float32 images (2, 3, 32, 32) in [0, 1]");
        }
    }

    @Test
    void aFileWhoseCodeOverwritesAFileIsRefusedBeforeItRuns(@TempDir Path dir) throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious-data-123");
        Path crafted = CraftedTorchScript.fileOverwriter(MaeStandIn.copy(MaeStandIn.FILE, dir), dir.resolve("mae.pt"),
                "x", victim);
        try (NDManager m = NDManager.newBaseManager()) {
            assertOneLine(assertThrows(IllegalArgumentException.class, () -> loadNamed(crafted, m)),
                    crafted + ": refused before loading: its TorchScript code (mae-standin/code/__torch__.py line 14) "
                            + "names 'from_file'");
        }
        assertEquals("precious-data-123", Files.readString(victim));
    }

    @Test
    void aCheckpointNeverChoosesTheFileThatRuns(@TempDir Path dir) throws IOException {
        Path file = MaeStandIn.copy(MaeStandIn.FILE, dir);
        Path ckpt = dir.resolve("x.ckpt");
        MaeSettings pinned = MaeBackbone.pin(new MaeSettings(file.toString(), ""));
        MaeBackbone.requireRecorded(pinned, ckpt); // what training records passes
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> MaeBackbone.requireRecorded(new MaeSettings(file.toString(), ""), ckpt)),
                ckpt + ": its stored encoder_objectives.mae.encoder '" + file + "' has no SHA-256 "
                        + "(encoder_objectives.mae.encoder_sha256 is empty)");
        assertOneLine(assertThrows(IllegalArgumentException.class,
                () -> MaeBackbone.requireRecorded(new MaeSettings("mae.pt", pinned.encoderSha256()), ckpt)),
                ckpt + ": its stored encoder_objectives.mae.encoder 'mae.pt' is a relative path");
        try (NDManager m = NDManager.newBaseManager()) {
            assertOneLine(assertThrows(IllegalArgumentException.class, () -> MaeBackbone.load(file, "", m, IMAGE)),
                    file + ": no SHA-256 is recorded for this frozen MAE encoder");
        }
    }

    private static void assertOneLine(IllegalArgumentException e, String start) {
        assertTrue(e.getMessage().startsWith(start), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}

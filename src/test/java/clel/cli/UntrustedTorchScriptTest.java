package clel.cli;

import static clel.cli.ClelProcess.SMALL_HEAP;
import static clel.cli.ClelProcess.assertOneLineError;
import static clel.cli.ClelProcess.trainOneIteration;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import clel.cli.ClelProcess.Outcome;
import clel.encoder.MaeStandIn;
import clel.io.FileChecksum;
import clel.run.Checkpoint;
import clel.torchscript.CraftedTorchScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust model for TorchScript files, through the real commands: a TorchScript file is code, and it runs only when
 * the user names it, after it has been read and found to be the network it claims to be; a checkpoint never makes one
 * run. Each crafted file here would overwrite {@code victim.txt} if its code ran.
 */
class UntrustedTorchScriptTest {
    private static final String PRECIOUS = "precious-data-123";
    private static final String INCEPTION_STANDIN = "/clel/evaluation/inception-standin.pt";

    private static Path victim(Path dir) throws IOException {
        return Files.writeString(dir.resolve("victim.txt"), PRECIOUS);
    }

    private static Path standIn(String resource, Path dir) throws IOException {
        return CraftedTorchScript.resource(resource, dir.resolve(Path.of(resource).getFileName().toString()));
    }

    @Test
    void fdRunsNoInceptionFileWhoseCodeWritesAFile(@TempDir Path dir) throws Exception {
        Path run = dir.resolve("run");
        trainOneIteration(run);
        Path victim = victim(dir);
        Path crafted = CraftedTorchScript.fileOverwriter(standIn(INCEPTION_STANDIN, dir),
                dir.resolve("inception-2015-12-05.pt"), "img", victim);
        Outcome o = ClelProcess.run(dir, SMALL_HEAP, "fd", run.toString(), "--inception", crafted.toString(),
                "--count", "2", "--reference", "2", "--splits", "1", "-o", dir.resolve("fd").toString());
        assertOneLineError(o, crafted + ": refused before loading", "names 'from_file'");
        assertEquals(PRECIOUS, Files.readString(victim));
    }

    @Test
    void infoRunsNoMaeEncoderWhoseCodeWritesAFile(@TempDir Path dir) throws Exception {
        Path victim = victim(dir);
        Path crafted = CraftedTorchScript.fileOverwriter(standIn("/clel/encoder/mae-standin.pt", dir),
                dir.resolve("mae.pt"), "x", victim);
        Outcome o = ClelProcess.run(dir, SMALL_HEAP, "info", "--model", "tiny", "--encoder-objective", "mae",
                "encoder_objectives.mae.encoder=" + crafted);
        assertOneLineError(o, crafted + ": refused before loading", "names 'from_file'");
        assertEquals(PRECIOUS, Files.readString(victim));
    }

    /** A copy of {@code ckpt} whose stored configuration is edited. */
    private static Path withConfig(Path ckpt, Path target, UnaryOperator<String> edit) throws IOException {
        Checkpoint c = Checkpoint.read(ckpt);
        String yaml = new String(c.entries().get(Checkpoint.CONFIG), StandardCharsets.UTF_8);
        c.entries().put(Checkpoint.CONFIG, edit.apply(yaml).getBytes(StandardCharsets.UTF_8));
        c.write(target);
        return target;
    }

    /** Sets the stored encoder_objectives.mae.encoder and its SHA-256. */
    private static UnaryOperator<String> maeEncoder(String file, String sha256) {
        return y -> y.replaceAll("(?m)^    encoder: .*$", "    encoder: " + file)
                .replaceAll("(?m)^    encoder_sha256: .*$", "    encoder_sha256: " + sha256);
    }

    /** As {@link #maeEncoder}, in the layout of the version before section encoder_objectives: model.mae_encoder. */
    private static UnaryOperator<String> formerMaeEncoder(String file, String sha256) {
        return y -> y.replaceAll("(?m)^encoder_objectives:\\n(  .*\\n)+", "").replaceFirst("(?m)^  channels_last: ",
                "  mae_encoder: " + file + "\n  mae_encoder_sha256: " + sha256 + "\n  channels_last: ");
    }

    @Test
    void aCheckpointNeverMakesATorchScriptFileRun(@TempDir Path dir) throws Exception {
        Path mae = MaeStandIn.copy(MaeStandIn.FILE, dir);
        Path trained = trainOneIteration(dir.resolve("mae-run"), "loss.encoder_objective=mae",
                "encoder_objectives.mae.encoder=" + mae, "augment.encoder=none");
        Path victim = victim(dir);
        Path evil = CraftedTorchScript.fileOverwriter(mae, dir.resolve("evil.pt"), "x", victim);
        String sha = FileChecksum.sha256(evil);
        // the attack of the issue: a relative path, found from the folder sample runs in, and no digest
        Path x = withConfig(trained, dir.resolve("x.ckpt"), maeEncoder("evil.pt", "''"));
        assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, "sample", x.toString(), "--count", "2", "--batch", "2"),
                x + ": its stored encoder_objectives.mae.encoder 'evil.pt' has no SHA-256");
        Path y = withConfig(trained, dir.resolve("y.ckpt"), maeEncoder("evil.pt", sha));
        assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, "sample", y.toString(), "--count", "2", "--batch", "2"),
                y + ": its stored encoder_objectives.mae.encoder 'evil.pt' is a relative path");
        // the same checkpoints in the layout of the version before section encoder_objectives
        Path xf = withConfig(trained, dir.resolve("xf.ckpt"), formerMaeEncoder("evil.pt", "''"));
        assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, "sample", xf.toString(), "--count", "2", "--batch", "2"),
                xf + ": its stored encoder_objectives.mae.encoder 'evil.pt' has no SHA-256");
        // with the path and digest a checkpoint from elsewhere could carry, the file's code is still read first
        Path z = withConfig(trained, dir.resolve("z.ckpt"), maeEncoder(evil.toString(), sha));
        assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, "sample", z.toString(), "--count", "2", "--batch", "2"),
                evil + ": refused before loading", "names 'from_file'");
        assertEquals(PRECIOUS, Files.readString(victim));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.filter(f -> f.toString().endsWith(".png")).toList(), "no samples");
        }
    }

    @Test
    void resumeRunsNoInceptionFileTheCheckpointNames(@TempDir Path dir) throws Exception {
        Path victim = victim(dir);
        Path evil = CraftedTorchScript.fileOverwriter(standIn(INCEPTION_STANDIN, dir), dir.resolve("inception.pt"),
                "img", victim);
        Path ckpt = trainOneIteration(dir.resolve("i"), "eval.every=1", "eval.classifier=\"\"",
                "eval.inception=" + evil);
        byte[] before = Files.readAllBytes(ckpt);
        String[] command = {"train", "--resume", ckpt.toString(), "--iterations", "2"};
        // supervised, as users run it (refused before a training process starts), and in this process
        for (List<String> restarts : List.of(List.<String>of(), List.of("--max-restarts", "0"))) {
            String[] args = Stream.concat(Stream.of(command), restarts.stream()).toArray(String[]::new);
            assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, args),
                    ckpt + ": its stored configuration evaluates with eval.inception '" + evil + "'", "--inception FILE");
        }
        // named by the user, the file is read before it runs, and refused
        assertOneLineError(ClelProcess.run(dir, SMALL_HEAP, "train", "--resume", ckpt.toString(), "--iterations", "2",
                "--max-restarts", "0", "--inception", evil.toString()), evil + ": refused before loading");
        assertEquals(PRECIOUS, Files.readString(victim));
        assertArrayEquals(before, Files.readAllBytes(ckpt));
    }
}

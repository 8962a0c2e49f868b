package clel.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.config.ClelConfig;
import clel.config.ConfigLoader;
import clel.config.DivergenceAction;
import clel.config.GuardConfig;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.evaluation.BufferEvaluation;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {

    static ClelConfig micro(Path dir, String... extra) throws IOException {
        return clel.TestModels.microRun(dir, extra);
    }

    static ImageSet data() {
        return ShapesDataset.train(32, 1);
    }

    private static List<float[]> weights(Block... blocks) {
        List<float[]> w = new ArrayList<>();
        for (Block b : blocks) {
            for (Pair<String, Parameter> p : b.getParameters()) {
                w.add(p.getValue().getArray().toFloatArray());
            }
        }
        return w;
    }

    private static List<float[]> all(Trainer t) {
        return weights(t.live().ebm(), t.live().encoder(), t.ema().ebm(), t.ema().encoder());
    }

    @Test
    void resumeContinuesExactly(@TempDir Path dir) throws IOException {
        assertResumeContinuesExactly(dir);
    }

    /** With further encoder updates per iteration (optim.encoder_steps), a resumed run still continues exactly. */
    @Test
    void resumeContinuesExactlyWithFurtherEncoderUpdates(@TempDir Path dir) throws IOException {
        assertResumeContinuesExactly(dir, "optim.encoder_steps=3");
    }

    /**
     * optim.encoder_steps = 3 moves h twice more in an iteration and leaves that iteration's EBM update as it was: after
     * one iteration f and g equal those of a run with one update, h does not.
     */
    @Test
    void furtherEncoderUpdatesMoveOnlyTheEncoderWithinAnIteration(@TempDir Path dir) throws IOException {
        List<float[]> ebmOne;
        List<float[]> encOne;
        try (Trainer t = Trainer.start(micro(dir.resolve("one")), data(), dir.resolve("one"), Device.cpu())) {
            t.step();
            ebmOne = weights(t.live().ebm());
            encOne = weights(t.live().encoder());
        }
        try (Trainer t = Trainer.start(micro(dir.resolve("three"), "optim.encoder_steps=3"), data(), dir.resolve("three"),
                Device.cpu())) {
            t.step();
            List<float[]> ebm = weights(t.live().ebm());
            for (int i = 0; i < ebm.size(); i++) {
                assertArrayEquals(ebmOne.get(i), ebm.get(i), 0f, "EBM array " + i);
            }
            List<float[]> enc = weights(t.live().encoder());
            boolean moved = false;
            for (int i = 0; i < enc.size(); i++) {
                moved |= !Arrays.equals(encOne.get(i), enc.get(i));
            }
            assertTrue(moved, "h after three updates equals h after one");
        }
    }

    private static void assertResumeContinuesExactly(Path dir, String... extra) throws IOException {
        ClelConfig cfg = micro(dir.resolve("a"), extra);
        List<float[]> straight;
        float[] bufferStraight;
        try (Trainer t = Trainer.start(cfg, data(), dir.resolve("a"), Device.cpu())) {
            for (int i = 0; i < 4; i++) {
                t.step();
            }
            straight = all(t);
            bufferStraight = t.buffer().slice(0, 16, t.live().ebm().getParameters().valueAt(0).getArray().getManager()).toFloatArray();
        }
        Path ckpt = dir.resolve("b").resolve("mid.ckpt");
        try (Trainer t = Trainer.start(cfg, data(), dir.resolve("b"), Device.cpu())) {
            t.step();
            t.step();
            t.save(ckpt);
        }
        try (Trainer t = Trainer.resume(ckpt, data(), dir.resolve("b"), Device.cpu(), 0)) {
            assertEquals(2, t.iteration());
            t.step();
            t.step();
            List<float[]> resumed = all(t);
            assertEquals(straight.size(), resumed.size());
            for (int i = 0; i < straight.size(); i++) {
                assertArrayEquals(straight.get(i), resumed.get(i), 0f, "array " + i);
            }
            assertArrayEquals(bufferStraight,
                    t.buffer().slice(0, 16, t.live().ebm().getParameters().valueAt(0).getArray().getManager()).toFloatArray(), 0f);
        }
    }

    /**
     * The whole training step (SGLD's input gradients, L_EBM, L_LE, both optimizers, EMA) reads no memory that Java
     * has freed: with freed memory recycled and filled with a marker before every backward pass, the run is
     * bit-identical to a normal one (it was not, before the graph-safe arithmetic).
     */
    @Test
    void trainingReadsNoFreedMemory(@TempDir Path dir) throws IOException {
        ClelConfig cfg = micro(dir, "loss.beta=0.5");
        List<float[]> normal;
        List<Double> losses = new ArrayList<>();
        try (Trainer t = Trainer.start(cfg, data(), dir.resolve("a"), Device.cpu())) {
            for (int i = 0; i < 3; i++) {
                losses.add(t.step().loss());
            }
            normal = all(t);
        }
        clel.nn.Backward.setRecycleFreedMemory(true);
        try (Trainer t = Trainer.start(cfg, data(), dir.resolve("b"), Device.cpu())) {
            for (int i = 0; i < 3; i++) {
                assertEquals(losses.get(i), t.step().loss(), 0f, "loss at iteration " + (i + 1));
            }
            List<float[]> recycled = all(t);
            for (int i = 0; i < normal.size(); i++) {
                assertArrayEquals(normal.get(i), recycled.get(i), 0f, "array " + i);
            }
        } finally {
            clel.nn.Backward.setRecycleFreedMemory(false);
        }
    }

    @Test
    void runWritesMetricsGridsAndCheckpoints(@TempDir Path dir) throws IOException {
        ClelConfig cfg = micro(dir);
        List<String> messages = new ArrayList<>();
        try (Trainer t = Trainer.start(cfg, data(), dir, Device.cpu())) {
            TrainingLoop.standard(t, recording(messages)).run();
        }
        List<String> lines = Files.readAllLines(dir.resolve("metrics.jsonl"));
        assertEquals(4, lines.size());
        assertTrue(lines.get(3).startsWith("{\"iteration\":4,"), lines.get(3));
        // every measure of the metric table is written, and the report reads the lines back as they were written
        clel.report.MetricsLog log = clel.report.MetricsLog.read(dir.resolve("metrics.jsonl"));
        assertEquals(EnumSet.allOf(clel.run.Metric.class), log.records().get(3).values().keySet());
        assertEquals(lines.get(3), log.records().get(3).toJson());
        List<String> memory = Files.readAllLines(dir.resolve("memory.jsonl"));
        assertEquals(4, memory.size(), "memory per logged iteration");
        assertTrue(memory.get(3).matches("\\{\"iteration\":4,\"rss_mb\":[1-9][0-9.]*,\"peak_rss_mb\":[1-9][0-9.]*,"
                + "\"heap_mb\":[0-9.]+,\"heap_committed_mb\":[1-9][0-9.]*\\}"),
                memory.get(3));
        assertTrue(Files.exists(dir.resolve("samples/data.png")));
        assertTrue(Files.exists(dir.resolve("samples/buffer_000002.png")));
        assertTrue(Files.exists(dir.resolve("samples/buffer_000004.png")));
        Checkpoint c = Checkpoint.read(dir.resolve(RunFolder.LAST_CHECKPOINT));
        assertTrue(new String(c.require(Checkpoint.META, dir)).contains("iteration=4"));
        // the checkpoint alone rebuilds the configuration (self-describing)
        ClelConfig stored = ConfigLoader.fromYaml(new String(c.require(Checkpoint.CONFIG, dir)), "ckpt");
        assertEquals(cfg.model().size(), stored.model().size());
        assertEquals(3, stored.model().inputMean().size());
        assertTrue(messages.stream().anyMatch(s -> s.contains("checkpoint")));
    }

    @Test
    void interruptedCheckpointWriteLeavesThePreviousOneLoadable(@TempDir Path dir) throws IOException {
        ClelConfig cfg = micro(dir);
        Path last = dir.resolve(RunFolder.LAST_CHECKPOINT);
        try (Trainer t = Trainer.start(cfg, data(), dir, Device.cpu())) {
            t.step();
            t.save(last);
            byte[] good = Files.readAllBytes(last);
            Checkpoint c = Checkpoint.read(last);
            // a crash after 1,000 bytes of the new file
            IOException crash = assertThrows(IOException.class, () -> c.write(last, out -> new OutputStream() {
                long n;

                @Override
                public void write(int b) throws IOException {
                    if (++n > 1000) {
                        throw new IOException("simulated crash");
                    }
                    out.write(b);
                }

                @Override
                public void close() throws IOException {
                    out.close();
                }
            }));
            assertTrue(crash.getMessage().contains("simulated crash"), crash.getMessage());
            assertArrayEquals(good, Files.readAllBytes(last));
            try (var files = Files.list(dir)) {
                assertTrue(files.noneMatch(p -> p.toString().endsWith(".tmp")), "temporary file left behind");
            }
        }
        try (Trainer t = Trainer.resume(last, data(), dir, Device.cpu(), 0)) {
            assertEquals(1, t.iteration());
        }
    }

    @Test
    void corruptOrTruncatedCheckpointsAreClearErrors(@TempDir Path dir) throws IOException {
        Path junk = dir.resolve("junk.ckpt");
        Files.writeString(junk, "not a zip at all");
        IOException e = assertThrows(IOException.class, () -> Checkpoint.read(junk));
        assertTrue(e.getMessage().startsWith(junk.toString()), e.getMessage());
        ClelConfig cfg = micro(dir);
        Path last = dir.resolve(RunFolder.LAST_CHECKPOINT);
        try (Trainer t = Trainer.start(cfg, data(), dir, Device.cpu())) {
            t.save(last);
        }
        byte[] bytes = Files.readAllBytes(last);
        Path cut = dir.resolve("cut.ckpt");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e2 = assertThrows(IOException.class,
                () -> Trainer.resume(cut, data(), dir, Device.cpu(), 0));
        assertTrue(e2.getMessage().startsWith(cut.toString()), e2.getMessage());
    }

    @Test
    void divergenceStopsWithAClearMessageAndWritesNoCheckpoint(@TempDir Path dir) throws IOException {
        // a tiny max_energy makes the first iteration count as divergence
        ClelConfig cfg = micro(dir, "guard.on_divergence=stop", "guard.max_energy=1e-12");
        try (Trainer t = Trainer.start(cfg, data(), dir, Device.cpu())) {
            DivergenceException e = assertThrows(DivergenceException.class,
                    () -> TrainingLoop.standard(t, TrainingObserver.NONE).run());
            assertTrue(e.getMessage().contains("diverged at iteration 0"), e.getMessage());
        }
        assertTrue(!Files.exists(dir.resolve(RunFolder.LAST_CHECKPOINT)));
    }

    @Test
    void theGuardFlagsNonFiniteLossesLargeEnergiesAndInvertedEnergies() {
        GuardConfig off = GuardConfig.singleStep(DivergenceAction.STOP, 100, 0, 3);
        GuardConfig gap = GuardConfig.singleStep(DivergenceAction.STOP, 100, 0.1, 3);
        assertNull(UpdateGuard.divergence(off, 5, -0.01f, 0.01f, 0.02f));
        assertNull(UpdateGuard.divergence(off, 5, 0.9f, 0.9f, 0.001f), "the gap check is off at 0");
        assertTrue(UpdateGuard.divergence(off, 5, Float.NaN, 0.01f, 0.02f).contains("diverged at iteration 5"));
        assertTrue(UpdateGuard.divergence(off, 5, 1f, 100.5f, 0.02f).contains("guard.max_energy 100"));
        assertTrue(UpdateGuard.divergence(off, 5, 1f, 0.5f, -101f).contains("diverged"));
        assertNull(UpdateGuard.divergence(gap, 7, 0.05f, 0.11f, 0.02f), "gap 0.09 is within 0.1");
        assertNull(UpdateGuard.divergence(gap, 7, -0.5f, 0.01f, 0.6f), "samples above data is the healthy direction");
        String inverted = UpdateGuard.divergence(gap, 7, 0.8f, 0.75f, 0.003f);
        assertTrue(inverted.startsWith("EBM inverted at iteration 7") && inverted.contains("guard.max_energy_gap 0.1"), inverted);
    }

    /** A listener that keeps the trainer's messages. */
    private static TrainingObserver recording(List<String> messages) {
        return new TrainingObserver() {
            @Override
            public void message(String message) {
                messages.add(message);
            }
        };
    }

    @Test
    void divergenceRollsBackToTheLastCheckpointWhenConfigured(@TempDir Path dir) throws IOException {
        ClelConfig cfg = micro(dir, "guard.on_divergence=rollback", "guard.max_rollbacks=2", "guard.max_energy=1e-12");
        List<String> messages = new ArrayList<>();
        try (Trainer t = Trainer.start(cfg, data(), dir, Device.cpu())) {
            t.save(dir.resolve(RunFolder.LAST_CHECKPOINT));
            DivergenceException e = assertThrows(DivergenceException.class,
                    () -> TrainingLoop.standard(t, recording(messages)).run());
            assertTrue(e.getMessage().contains("gave up after 2 rollbacks"), e.getMessage());
        }
        assertEquals(2, messages.stream().filter(s -> s.contains("rolled back to iteration 0")).count());
    }

    @Test
    void rollbackWorksBeforeTheFirstPeriodicCheckpoint(@TempDir Path dir) throws IOException {
        ClelConfig cfg = micro(dir, "guard.on_divergence=rollback", "guard.max_rollbacks=1", "guard.max_energy=1e-12");
        List<String> messages = new ArrayList<>();
        try (Trainer t = Trainer.start(cfg, data(), dir, Device.cpu())) {
            DivergenceException e = assertThrows(DivergenceException.class,
                    () -> TrainingLoop.standard(t, recording(messages)).run());
            assertTrue(e.getMessage().contains("gave up after 1 rollbacks"), e.getMessage());
        }
        assertEquals(1, messages.stream().filter(s -> s.contains("rolled back to iteration 0")).count(), messages.toString());
    }

    @Test
    void periodicEvaluationLogsScoresAndKeepsTheBestCheckpoint(@TempDir Path dir) throws IOException {
        ClelConfig cfg = micro(dir, "eval.every=1", "eval.classifier=unused-by-this-test", "eval.samples=8");
        double[] values = {3.0, 1.0, 2.0, 5.0};
        int[] call = {0};
        List<Long> shapes = new ArrayList<>();
        try (Trainer t = Trainer.start(cfg, data(), dir, Device.cpu())) {
            new TrainingLoop(t).addStandardJobs(new BufferEvaluation() {
                @Override
                public String metricName() {
                    return "FD-test";
                }

                @Override
                public double evaluate(ai.djl.ndarray.NDArray chains) {
                    shapes.add(chains.getShape().get(0));
                    return values[call[0]++];
                }
            }).run();
        }
        List<String> lines = Files.readAllLines(dir.resolve("eval.jsonl"));
        assertEquals(4, lines.size());
        assertTrue(lines.get(1).contains("\"metric\":\"FD-test\",\"value\":1.0"), lines.get(1));
        assertEquals(List.of(8L, 8L, 8L, 8L), shapes);
        // best.ckpt holds iteration 2, where the score was lowest
        assertTrue(new String(Checkpoint.read(dir.resolve(RunFolder.BEST_CHECKPOINT)).require(Checkpoint.META, dir))
                .contains("iteration=2"));
    }
}

package clel.classifier;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.data.ShapesDataset;
import clel.model.BlockState;
import clel.run.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A class classifier trained briefly on 2,000 shapes; file format, inference and error handling. */
class TrainedClassifierTest {
    /** Measured: about 97-99% held-out accuracy; training takes 10-30 s on 2 (shared, busy) cores. */
    static final ClassifierConfig SHORT = ClassifierConfig.builder(ClassifierTarget.CLASSES).width(8).batchSize(128)
            .iterations(200).lr(0.1).seed(7).build();

    static ImageSet train;
    static ImageSet test;
    static TrainedClassifier classifier;
    static double trainingSeconds;

    @BeforeAll
    static void trainOnce() {
        train = ShapesDataset.train(2000, 2023);
        test = ShapesDataset.test(500, 2023);
        long t0 = System.nanoTime();
        classifier = ClassifierTrainer.train(SHORT, train, "shapes", ClassifierProgress.NONE);
        trainingSeconds = (System.nanoTime() - t0) / 1e9;
    }

    @AfterAll
    static void close() {
        classifier.close();
    }

    static int[] range(int from, int to) {
        return IntStream.range(from, to).toArray();
    }

    @Test
    void shortTrainingIsWellAboveChance() {
        ClassifierEvaluation e = classifier.evaluate(test);
        System.out.printf("short classifier training: %.1f s, held-out accuracy %.4f%n", trainingSeconds, e.accuracy());
        assertEquals(500, e.count());
        assertTrue(e.accuracy() > 0.8, "held-out accuracy " + e.accuracy() + " (chance 0.2)");
        long[][] m = e.confusion();
        assertEquals(500, Arrays.stream(m).flatMapToLong(Arrays::stream).sum());
        // the evaluation agrees with predict() and the pure confusion matrix
        try (NDManager sub = NDManager.newBaseManager()) {
            int[] predicted = classifier.predict(BatchSampler.toNDArray(sub, test, range(0, 500)));
            long[][] expected = ConfusionMatrix.of(test.labels(), predicted, 5);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(expected[i], m[i]);
            }
        }
    }

    @Test
    void probabilitiesAreSoftmaxRowsAndFeaturesHave4wEntries() {
        try (NDManager sub = NDManager.newBaseManager()) {
            NDArray x = BatchSampler.toNDArray(sub, test, range(0, 20));
            float[][] p = classifier.probabilities(x);
            int[] predicted = classifier.predict(x);
            for (int i = 0; i < p.length; i++) {
                assertEquals(5, p[i].length);
                double sum = 0;
                int best = 0;
                for (int k = 0; k < 5; k++) {
                    sum += p[i][k];
                    best = p[i][k] > p[i][best] ? k : best;
                }
                assertEquals(1.0, sum, 1e-5);
                assertEquals(best, predicted[i]);
            }
            float[][] f = classifier.features(x);
            assertEquals(20, f.length);
            assertEquals(32, f[0].length);
            assertEquals(32, classifier.featureDim());
            // features follow a ReLU and an average pool: non-negative
            for (float[] row : f) {
                for (float v : row) {
                    assertTrue(v >= 0f);
                }
            }
            assertThrows(IllegalStateException.class, () -> classifier.predictAttributes(x));
        }
    }

    @Test
    void inferenceInChunksEqualsInferenceOnSmallBatches() {
        int n = TrainedClassifier.CHUNK + 40;
        ImageSet many = ShapesDataset.test(n, 2023);
        try (NDManager sub = NDManager.newBaseManager()) {
            float[][] all = classifier.features(BatchSampler.toNDArray(sub, many, range(0, n)));
            float[][] tail = classifier.features(BatchSampler.toNDArray(sub, many, range(n - 45, n)));
            assertEquals(n, all.length);
            for (int i = 0; i < 45; i++) {
                assertArrayEquals(tail[i], all[n - 45 + i], 1e-4f);
            }
        }
    }

    @Test
    void rejectsImagesOfTheWrongShape() {
        try (NDManager sub = NDManager.newBaseManager()) {
            var e = assertThrows(IllegalArgumentException.class, () -> classifier.predict(sub.zeros(new Shape(2, 1, 32, 32))));
            assertTrue(e.getMessage().contains("(N, 3, 32, 32)"), e.getMessage());
        }
        ImageSet other = ShapesDataset.test(4, 1);
        ImageSet renamed = new ImageSet("renamed", 3, 32, 32, other.pixels(), other.labels(),
                List.of("a", "b", "c", "d", "e"), other.attributeNames(), new byte[4 * 10], other.mean(), other.std());
        var e = assertThrows(IllegalArgumentException.class, () -> classifier.evaluate(renamed));
        assertTrue(e.getMessage().startsWith("renamed: its classes [a, b, c, d, e] differ"), e.getMessage());
    }

    @Test
    void saveLoadRoundTripGivesIdenticalOutputs(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("sub/shapes.clf");
        classifier.save(file);
        try (TrainedClassifier back = TrainedClassifier.load(file); NDManager sub = NDManager.newBaseManager()) {
            assertEquals(classifier.metadata().config(), back.config());
            assertEquals("shapes", back.metadata().dataName());
            assertEquals(ShapesDataset.CLASS_NAMES, back.outputNames());
            assertEquals(ShapesDataset.ATTRIBUTE_NAMES, back.metadata().attributeNames());
            assertArrayEquals(train.mean(), back.metadata().mean());
            NDArray x = BatchSampler.toNDArray(sub, test, range(0, 100));
            assertArrayEquals(classifier.predict(x), back.predict(x));
            float[][] p = classifier.probabilities(x);
            float[][] q = back.probabilities(x);
            float[][] f = classifier.features(x);
            float[][] g = back.features(x);
            for (int i = 0; i < 100; i++) {
                assertArrayEquals(p[i], q[i], 0f);
                assertArrayEquals(f[i], g[i], 0f);
            }
            assertArrayEquals(BlockState.save(classifier.network()), BlockState.save(back.network()));
        }
    }

    @Test
    void loadingDrawsNoRandomNumbers(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("c.clf");
        classifier.save(file);
        try (NDManager m = NDManager.newBaseManager()) {
            Engine.getInstance().setRandomSeed(99);
            float[] expected = m.randomUniform(0f, 1f, new Shape(8)).toFloatArray();
            Engine.getInstance().setRandomSeed(99);
            TrainedClassifier.load(file).close();
            assertArrayEquals(expected, m.randomUniform(0f, 1f, new Shape(8)).toFloatArray());
        }
    }

    @Test
    void badFilesGiveOneLineErrorsNamingTheFile(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("missing.clf");
        assertEquals(missing + ": no such checkpoint file",
                assertThrows(IOException.class, () -> TrainedClassifier.load(missing)).getMessage());

        Path garbage = dir.resolve("garbage.clf");
        Files.write(garbage, "this is not a zip file at all".getBytes(StandardCharsets.UTF_8));
        assertMessageStarts(garbage, garbage + ": not a readable clel checkpoint");

        Path good = dir.resolve("good.clf");
        classifier.save(good);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.clf");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        assertMessageStarts(truncated, truncated + ": ");

        Checkpoint ok = Checkpoint.read(good);
        Path ebm = dir.resolve("ebm.ckpt");
        write(ebm, Map.of(Checkpoint.META, "format_version=1\niteration=5\n"));
        assertMessageStarts(ebm, ebm + ": not a classifier file (a clel training checkpoint)");

        Path noParams = dir.resolve("noparams.clf");
        Map<String, byte[]> e = new LinkedHashMap<>(ok.entries());
        e.remove(TrainedClassifier.PARAMETERS_ENTRY);
        new Checkpoint(e).write(noParams);
        assertMessageStarts(noParams, noParams + ": not a complete clel checkpoint (entry 'classifier.params' is missing)");

        Path future = dir.resolve("future.clf");
        e = new LinkedHashMap<>(ok.entries());
        e.put(Checkpoint.META, "kind=classifier\nformat_version=99\n".getBytes(StandardCharsets.UTF_8));
        new Checkpoint(e).write(future);
        assertMessageStarts(future, future + ": classifier format version 99 is not supported");

        // a description of another architecture than the stored parameters
        Path mismatch = dir.resolve("mismatch.clf");
        e = new LinkedHashMap<>(ok.entries());
        String description = new String(e.get(TrainedClassifier.DESCRIPTION_ENTRY), StandardCharsets.UTF_8)
                .replace("width=8", "width=16");
        e.put(TrainedClassifier.DESCRIPTION_ENTRY, description.getBytes(StandardCharsets.UTF_8));
        new Checkpoint(e).write(mismatch);
        assertMessageStarts(mismatch, mismatch + " entry classifier.params: ");
    }

    private static void write(Path file, Map<String, String> entries) throws IOException {
        Map<String, byte[]> e = new LinkedHashMap<>();
        entries.forEach((k, v) -> e.put(k, v.getBytes(StandardCharsets.UTF_8)));
        new Checkpoint(e).write(file);
    }

    private static void assertMessageStarts(Path file, String prefix) {
        IOException e = assertThrows(IOException.class, () -> TrainedClassifier.load(file));
        assertTrue(e.getMessage().startsWith(prefix), "message: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void trainingIsDeterministicBySeed() {
        ImageSet small = ShapesDataset.train(64, 5);
        ClassifierConfig c = ClassifierConfig.builder(ClassifierTarget.CLASSES).width(4).batchSize(16).iterations(3)
                .seed(3).build();
        double[] losses = new double[3];
        try (TrainedClassifier a = ClassifierTrainer.train(c, small, "shapes", (t, total, loss, lr) -> losses[t - 1] = loss);
             TrainedClassifier b = ClassifierTrainer.train(c, small);
             TrainedClassifier other = ClassifierTrainer.train(c.toBuilder().seed(4).build(), small)) {
            assertArrayEquals(BlockState.save(a.network()), BlockState.save(b.network()));
            assertTrue(!Arrays.equals(BlockState.save(a.network()), BlockState.save(other.network())));
            // five classes at initialization: cross-entropy near log 5
            assertEquals(Math.log(5), losses[0], 0.5);
            assertEquals(small.name(), b.metadata().dataName());
        }
    }
}

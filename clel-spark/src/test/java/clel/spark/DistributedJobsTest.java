package clel.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.augment.AugmentationKind;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.data.source.DataSources;
import clel.evaluation.FeatureExtractorFile;
import clel.evaluation.FrechetScore;
import clel.evaluation.NpyArray;
import clel.evaluation.NpyFile;
import clel.evaluation.OodEvaluation;
import clel.evaluation.RocCurve;
import clel.model.TrainedModel;
import clel.report.EvalTable;
import clel.sampling.ConditionalSampler;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three jobs in Spark local mode against the core's single-machine results: sampling bit for bit, the Frechet
 * distance within 1e-9 relative, OOD scores and AUROC exactly; one injected task failure retried with the same result.
 */
class DistributedJobsTest {
    private static final int SEED = 11;
    private static final int STEPS = 2;

    @TempDir
    static Path dir;
    static Path ckpt;
    static Path classifier;
    static JavaSparkContext sc;
    static final AtomicInteger FAILED_TASKS = new AtomicInteger();

    @BeforeAll
    static void setUp() throws Exception {
        ckpt = TestArtifacts.checkpoint(dir);
        classifier = TestArtifacts.classifier(dir);
        // two cores, each task tried at most twice (plain local[2] never retries)
        sc = new JavaSparkContext(new SparkConf().setMaster("local[2,2]").setAppName("clel-spark test")
                .set("spark.ui.enabled", "false"));
        sc.sc().addSparkListener(new SparkListener() {
            @Override
            public void onTaskEnd(SparkListenerTaskEnd end) {
                if (end.taskInfo().failed()) {
                    FAILED_TASKS.incrementAndGet();
                }
            }
        });
    }

    @AfterAll
    static void tearDown() {
        if (sc != null) {
            sc.close();
        }
    }

    /** 7 samples in shards of 3 (3 + 3 + 1) on one machine: the core sampler's float output. */
    private static float[] singleMachineSamples() throws Exception {
        try (TrainedModel m = TrainedModel.load(ckpt, true, Device.cpu()); NDManager scope = m.manager().newSubManager()) {
            return ConditionalSampler.of(m, STEPS, 1).unconditional(scope, 7, 3, SEED).toFloatArray();
        }
    }

    private static float[] distributedSamples(int partitions, String name) throws Exception {
        Path out = dir.resolve(name);
        SampleManifest m = DistributedSampling.run(sc, new DistributedSampling.Job(ckpt.toString(), true, 7, 3, SEED, STEPS, 1,
                true, partitions, out.toString()));
        assertEquals(3, m.shards().size());
        ImageSource read = ImageSource.open(out.toString(), 32, Integer.MAX_VALUE);
        assertEquals(7, read.n());
        return read.floats();
    }

    @Test
    void samplingIsBitIdenticalToOneMachineForTwoAndThreePartitions() throws Exception {
        float[] expected = singleMachineSamples();
        float[] two = distributedSamples(2, "two");
        float[] three = distributedSamples(3, "three");
        assertArrayEquals(bits(expected), bits(two));
        assertArrayEquals(bits(expected), bits(three));
        assertEquals(1, ExecutorResources.checkpointLoads(ckpt.toString(), true), "one load per executor JVM");
    }

    @Test
    void uint8ShardsEqualTheFileOfClelSample() throws Exception {
        Path single = dir.resolve("single");
        PrintStream stdout = System.out;
        int code;
        try (PrintStream quiet = new PrintStream(new ByteArrayOutputStream())) {
            System.setOut(quiet);
            code = clel.cli.Main.run("sample", ckpt.toString(), "--count", "7", "--batch", "3", "--seed", Integer.toString(SEED),
                    "--steps", Integer.toString(STEPS), "--rounds", "1", "-o", single.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code);
        Path out = dir.resolve("uint8");
        DistributedSampling.run(sc, new DistributedSampling.Job(ckpt.toString(), true, 7, 3, SEED, STEPS, 1, false, 2,
                out.toString()));
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (SampleManifest.ShardFile f : SampleManifest.read(out).shards()) {
            joined.write(NpyFile.read(out.resolve(f.file())).bytes());
        }
        NpyArray expected = NpyFile.read(single.resolve("samples-unconditional.npy"));
        assertArrayEquals(expected.bytes(), joined.toByteArray());
    }

    @Test
    void injectedTaskFailureIsRetriedWithTheSameSamples() throws Exception {
        float[] expected = singleMachineSamples();
        int before = FAILED_TASKS.get();
        TaskFaults.failFirstAttempt(sc, 1);
        float[] retried;
        try {
            retried = distributedSamples(2, "retried");
        } finally {
            TaskFaults.failFirstAttempt(sc, -1);
        }
        long deadline = System.currentTimeMillis() + 10_000; // listener events arrive asynchronously
        while (FAILED_TASKS.get() == before && System.currentTimeMillis() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(before + 1, FAILED_TASKS.get(), "exactly one task failed and was retried");
        assertArrayEquals(bits(expected), bits(retried));
    }

    @Test
    void frechetDistanceOfMergedStatisticsMatchesOneMachine() throws Exception {
        ImageSet generated = DataSources.named("shapes-noise", 32, 620, 2);
        ImageSet reference = DataSources.named("shapes", 32, 560, 2);
        double expected;
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
             FeatureExtractorFile fx = FeatureExtractorFile.open(classifier, null, manager)) {
            NDArray images = BatchSampler.toNDArray(manager, generated, IntStream.range(0, generated.count()).toArray());
            expected = FrechetScore.against(reference, reference.count(), fx.extractor(), manager, null).score(images);
        }
        DistributedFrechet.Result r = DistributedFrechet.run(sc, new DistributedFrechet.Job(classifier.toString(), null, 3),
                ImageSource.of(generated, Integer.MAX_VALUE), ImageSource.of(reference, Integer.MAX_VALUE));
        assertTrue(expected > 0, "a non-trivial distance: " + expected);
        assertEquals(620, r.samples().statistics().count());
        assertTrue(Math.abs(r.distance() - expected) <= 1e-9 * Math.abs(expected),
                String.format(Locale.ROOT, "distributed %.17g vs one machine %.17g", r.distance(), expected));
    }

    @Test
    void oodScoresAndAurocEqualClelOod() throws Exception {
        List<String> names = List.of("shapes", "shapes-noise", "shapes-unseen-colors");
        int count = 40;
        int batch = 16;
        Path single = dir.resolve("ood-single");
        PrintStream stdout = System.out;
        int code;
        try (PrintStream quiet = new PrintStream(new ByteArrayOutputStream())) {
            System.setOut(quiet);
            code = clel.cli.Main.run("ood", ckpt.toString(), "--in", names.get(0), "--out", names.get(1), names.get(2),
                    "--count", Integer.toString(count), "--batch", Integer.toString(batch), "-o", single.toString());
        } finally {
            System.setOut(stdout);
        }
        assertEquals(0, code);
        List<ImageSource> sets = new ArrayList<>();
        List<ImageSet> images = new ArrayList<>();
        for (String n : names) {
            images.add(DataSources.named(n, 32, count, 2));
            sets.add(ImageSource.of(images.get(images.size() - 1), Integer.MAX_VALUE));
        }
        List<float[]> scores = DistributedOod.scores(sc, new DistributedOod.Job(ckpt.toString(), true, 0.1f, batch, 3), sets);
        Map<String, RocCurve> distributed = DistributedOod.evaluate(names, scores);
        // the core's scores, batch by batch as clel ood computes them
        Map<String, float[]> coreOut = new LinkedHashMap<>();
        float[] coreIn;
        try (TrainedModel m = TrainedModel.load(ckpt, true, Device.cpu())) {
            coreIn = coreScores(m, images.get(0), batch);
            for (int i = 1; i < names.size(); i++) {
                coreOut.put(names.get(i), coreScores(m, images.get(i), batch));
            }
        }
        assertArrayEquals(bits(coreIn), bits(scores.get(0)));
        assertArrayEquals(bits(coreOut.get(names.get(1))), bits(scores.get(1)));
        Map<String, RocCurve> core = OodEvaluation.evaluate(coreIn, coreOut);
        EvalTable written = EvalTable.read(single.resolve("ood.json"));
        for (int i = 1; i < names.size(); i++) {
            double auroc = distributed.get(names.get(i)).auroc();
            assertEquals(core.get(names.get(i)).auroc(), auroc, 0.0);
            assertEquals(written.rows().get(i - 1).get(1), String.format(Locale.ROOT, "%.4f", auroc), "clel ood's ood.json");
        }
    }

    @Test
    void parquetTableOfEncodedImagesIsScoredOnTheExecutors() throws Exception {
        ImageSet set = DataSources.named("shapes-unseen-colors", 32, 30, 2);
        Path table = dir.resolve("images.parquet");
        TestArtifacts.writeParquet(sc, set, table);
        ParquetImages.Scored scored = ParquetImages.score(sc, new DistributedOod.Job(ckpt.toString(), true, 0.1f, 8, 3),
                ParquetImages.PREFIX + table, 32);
        float[] core;
        try (TrainedModel m = TrainedModel.load(ckpt, true, Device.cpu())) {
            core = coreScores(m, set, 8);
        }
        assertEquals(set.count(), scored.scores().length);
        Set<String> seen = new HashSet<>();
        for (int k = 0; k < scored.scores().length; k++) {
            String id = scored.ids().get(k);
            assertTrue(seen.add(id), "each row once: " + id);
            int i = Integer.parseInt(id.substring("img-".length()));
            // the same decoded pixels; batches differ from clel ood's, so allow float rounding of the network
            assertEquals(core[i], scored.scores()[k], 1e-6 * Math.max(1, Math.abs(core[i])), id);
        }
    }

    private static float[] coreScores(TrainedModel m, ImageSet set, int batch) {
        float[] all = new float[set.count()];
        for (int from = 0; from < set.count(); from += batch) {
            int n = Math.min(batch, set.count() - from);
            float[] x = BatchSampler.pixels(set, IntStream.range(from, from + n).toArray());
            System.arraycopy(m.oodScore(x, 0.1f, AugmentationKind.NONE), 0, all, from, n);
        }
        return all;
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }
}

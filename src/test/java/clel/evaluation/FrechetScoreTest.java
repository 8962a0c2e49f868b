package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.data.OodKind;
import clel.data.ShapesDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FrechetScoreTest {

    /** Per-channel mean and mean square of each image: 6 features. */
    static final class ChannelMoments implements FeatureExtractor {
        int calls;

        @Override
        public String name() {
            return "moments";
        }

        @Override
        public float[][] features(NDArray images) {
            calls++;
            long hw = images.getShape().get(2) * images.getShape().get(3);
            float[] mean = images.sum(new int[] {2, 3}).div(hw).toFloatArray();
            float[] sq = images.square().sum(new int[] {2, 3}).div(hw).toFloatArray();
            int n = mean.length / 3;
            float[][] out = new float[n][6];
            for (int i = 0; i < n; i++) {
                for (int c = 0; c < 3; c++) {
                    out[i][c] = mean[i * 3 + c];
                    out[i][3 + c] = sq[i * 3 + c];
                }
            }
            return out;
        }
    }

    @Test
    void scoreEqualsTheDistanceOfFreshStatisticsAndTheCacheIsReused(@TempDir Path dir) throws Exception {
        ImageSet data = ShapesDataset.train(600, 3);
        ImageSet noise = ShapesDataset.generateOutOfDistribution(300, 4, OodKind.NOISE);
        ChannelMoments fx = new ChannelMoments();
        try (NDManager m = NDManager.newBaseManager()) {
            FrechetScore score = FrechetScore.against(data, 600, fx, m, dir);
            NDArray gen = BatchSampler.toNDArray(m, noise, IntStream.range(0, 300).toArray());
            NDArray same = BatchSampler.toNDArray(m, data, IntStream.range(0, 300).toArray());
            double d1 = score.score(gen);
            double d2 = score.score(gen);
            assertEquals(d1, d2, 0.0, "evaluations must not accumulate state");

            GaussianStatistics ref = new GaussianStatistics(6);
            ref.add(fx.features(BatchSampler.toNDArray(m, data, IntStream.range(0, 600).toArray())));
            GaussianStatistics g = new GaussianStatistics(6);
            g.add(fx.features(gen));
            assertEquals(FrechetDistance.distance(g, ref), d1, 1e-9 * Math.max(1, d1));
            assertTrue(score.score(same) < d1, "data is closer to data than noise is");

            try (var files = Files.list(dir)) {
                assertEquals(1, files.count());
            }
            int before = fx.calls;
            FrechetScore cached = FrechetScore.against(data, 600, fx, m, dir);
            assertEquals(before, fx.calls, "reference statistics come from the cache");
            assertEquals(d1, cached.score(gen), 1e-9 * Math.max(1, d1));
            assertEquals("FD-moments", cached.metricName());
        }
    }

    @Test
    void boundsAreHeldOutRealImagesAndUniformNoiseAndAreCached(@TempDir Path dir) throws Exception {
        ImageSet test = ShapesDataset.test(400, 3);
        ImageSet train = ShapesDataset.train(400, 3);
        ChannelMoments fx = new ChannelMoments();
        try (NDManager m = NDManager.newBaseManager()) {
            FrechetScore score = FrechetScore.against(test, "test", 400, fx, m, dir);
            FrechetBounds b = score.bounds(train, 200, m, dir);
            double floor = score.score(BatchSampler.toNDArray(m, train, IntStream.range(0, 200).toArray()));
            assertEquals(floor, b.floor(), 1e-12, "floor: the first 200 held-out real images");
            ai.djl.engine.Engine.getInstance().setRandomSeed(1);
            double noise = score.score(m.randomUniform(0f, 1f, new ai.djl.ndarray.types.Shape(200, 3, 32, 32)));
            assertEquals(noise, b.ceiling(), 0.1 * noise, "ceiling: as far as any 200 noise images");
            assertTrue(b.ceiling() > 10 * b.floor(), b.toString());
            assertEquals(0.0, b.relative(b.floor()), 1e-12);
            assertEquals(1.0, b.relative(b.ceiling()), 1e-12);
            int calls = fx.calls;
            FrechetBounds again = score.bounds(train, 200, m, dir);
            assertEquals(b, again);
            assertEquals(calls, fx.calls, "bounds come from the cache the second time");
            assertTrue(Files.list(dir).anyMatch(p -> p.getFileName().toString().startsWith("shapes-test-400-")));
        }
    }
}

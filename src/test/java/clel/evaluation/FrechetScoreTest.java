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
}

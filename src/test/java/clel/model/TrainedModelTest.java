package clel.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import clel.augment.AugmentationKind;
import clel.config.ClelConfig;
import clel.data.ShapesDataset;
import clel.training.Trainer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainedModelTest {

    @Test
    void scoresMatchTheEnergyDefinitionsAndAreThreadSafe(@TempDir Path dir) throws Exception {
        ClelConfig cfg = clel.TestModels.microRun(dir);
        Path ckpt = dir.resolve("m.ckpt");
        try (Trainer t = Trainer.start(cfg, ShapesDataset.train(32, 1), dir, Device.cpu())) {
            t.step();
            t.save(ckpt);
        }
        var set = ShapesDataset.test(6, 1);
        float[] images = new float[6 * 3 * 32 * 32];
        for (int i = 0; i < images.length; i++) {
            images[i] = (set.pixels()[i] & 0xff) / 255f;
        }
        try (TrainedModel m = TrainedModel.load(ckpt, true, Device.cpu())) {
            float[] e = m.energy(images);
            float[][][] feats = m.features(images);
            float[] s = m.oodScore(images, 0.5f, AugmentationKind.NONE);
            for (int i = 0; i < 6; i++) {
                double ff = 0;
                double gh = 0;
                for (int j = 0; j < feats[0][i].length; j++) {
                    ff += feats[0][i][j] * feats[0][i][j];
                    gh += feats[1][i][j] * feats[2][i][j];
                }
                assertEquals(0.5 * ff, e[i], 1e-5 * Math.max(1, ff));            // eq. (11)
                assertEquals(0.5 * ff - 0.5 * gh, s[i], 1e-5 * Math.max(1, ff)); // eq. (14)
            }
            assertArrayEquals(e, m.oodScore(images, 0f, AugmentationKind.NONE), 1e-6f);
            assertArrayEquals(s, m.oodScore(images, 0.5f), 0f, "t = identity by default");
            // many threads at once get the same answers as one
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<float[]>> futures = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                futures.add(pool.submit(() -> m.oodScore(images, 0.5f, AugmentationKind.NONE)));
            }
            for (Future<float[]> f : futures) {
                assertArrayEquals(s, f.get(), 1e-6f);
            }
            pool.shutdown();
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> m.energy(new float[5]));
            assertTrue(bad.getMessage().contains("whole number"), bad.getMessage());
        }
    }
}

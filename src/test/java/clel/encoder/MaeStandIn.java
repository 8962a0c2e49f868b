package clel.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.evaluation.NpyFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The TorchScript stand-in for a frozen MAE encoder and the numbers PyTorch computed with it (test resources written by
 * src/test/python/make_mae_standin.py with Debian's PyTorch 1.13): features (N, 24) of (N, 3, H, W) images in [0, 1].
 */
public final class MaeStandIn {
    /** D of the stand-in. */
    public static final int WIDTH = 24;
    /** The stand-in that keeps to the contract. */
    public static final String FILE = "mae-standin.pt";
    /** The same network returning (N, 24, 1, 1): breaks the contract. */
    public static final String FEATURE_MAP = "mae-standin-feature-map.pt";

    private MaeStandIn() {
    }

    /** Copies resource {@code name} into {@code dir} and returns the copy. */
    public static Path copy(String name, Path dir) throws IOException {
        Path to = dir.resolve(name);
        try (InputStream in = MaeStandIn.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource clel/encoder/" + name);
            }
            Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
        }
        return to;
    }

    /** A float32 .npy resource's values. */
    public static float[] floats(String name, Path dir) throws IOException {
        return NpyFile.read(copy(name, dir)).floats();
    }

    /** The script's fixed_images(n): ((97 i + 41 c + 7 y + 3 x) mod 256) / 255, (n, 3, 32, 32). */
    public static NDArray fixedImages(NDManager m, int n) {
        float[] v = new float[n * 3 * 32 * 32];
        int k = 0;
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        v[k++] = ((97 * i + 41 * c + 7 * y + 3 * x) % 256) / 255f;
                    }
                }
            }
        }
        return m.create(v, new Shape(n, 3, 32, 32));
    }
}

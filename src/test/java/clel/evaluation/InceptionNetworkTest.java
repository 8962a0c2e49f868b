package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValue;
import clel.torchscript.CraftedTorchScript;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TorchScript Inception loader against a stand-in with the real file's calling convention and layout
 * (src/test/python/make_inception_standin.py, run with PyTorch 1.13): DJL must give the numbers PyTorch gave, and
 * files that are not the network, or whose code reaches files, are refused before anything in them runs.
 */
class InceptionNetworkTest {
    @TempDir
    static Path dir;
    static Path standIn;

    @BeforeAll
    static void copyFixture() throws IOException {
        standIn = dir.resolve("inception-standin.pt");
        copy("inception-standin.pt", standIn);
        copy("inception-standin-features.npy", dir.resolve("features.npy"));
        copy("inception-standin-probabilities.npy", dir.resolve("probabilities.npy"));
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = InceptionNetworkTest.class.getResourceAsStream(resource)) {
            Files.copy(in, to);
        }
    }

    /** The script's fixed images: byte (97 n + 41 c + 7 y + 3 x) mod 256, as [0, 1] values that quantize back to it. */
    private static NDArray fixedImages(NDManager m) {
        float[] v = new float[2 * 3 * 32 * 32];
        int i = 0;
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 32; y++) {
                    for (int x = 0; x < 32; x++) {
                        v[i++] = (((97 * n + 41 * c + 7 * y + 3 * x) % 256) + 0.5f) / 256f;
                    }
                }
            }
        }
        return m.create(v, new Shape(2, 3, 32, 32));
    }

    @Test
    void featuresAndProbabilitiesMatchPyTorch() throws IOException {
        float[] expectedF = NpyFile.read(dir.resolve("features.npy")).floats();
        float[] expectedP = NpyFile.read(dir.resolve("probabilities.npy")).floats();
        try (NDManager m = NDManager.newBaseManager(); InceptionNetwork net = InceptionNetwork.load(standIn, m, 1)) {
            NDArray images = fixedImages(m);
            float[][] f = net.features(images);
            assertEquals(2, f.length);
            assertEquals(InceptionNetwork.FEATURES, f[0].length);
            float[] flat = new float[2 * InceptionNetwork.FEATURES];
            System.arraycopy(f[0], 0, flat, 0, InceptionNetwork.FEATURES);
            System.arraycopy(f[1], 0, flat, InceptionNetwork.FEATURES, InceptionNetwork.FEATURES);
            assertArrayEquals(expectedF, flat, 1e-4f);

            double[][] p = net.probabilities(images, true);
            assertEquals(InceptionNetwork.CLASSES, p[1].length);
            for (int r = 0; r < 2; r++) {
                for (int k = 0; k < InceptionNetwork.CLASSES; k++) {
                    assertEquals(expectedP[r * InceptionNetwork.CLASSES + k], p[r][k], 1e-6, "p[" + r + "][" + k + "]");
                }
            }
            // with the bias the probabilities differ (the flag reaches the network)
            double[][] withBias = net.probabilities(images, false);
            assertTrue(Math.abs(withBias[0][0] - p[0][0]) > 1e-7);
            assertEquals("FID", net.metricName());
            assertTrue(net.name().startsWith("inception-"));
        }
    }

    @Test
    void grayscaleImagesAreRepeatedToThreeChannelsAndBatchSizeDoesNotMatter() throws IOException {
        try (NDManager m = NDManager.newBaseManager();
             InceptionNetwork one = InceptionNetwork.load(standIn, m, 1);
             InceptionNetwork three = InceptionNetwork.load(standIn, m, 3)) {
            NDArray gray = m.randomUniform(0, 1, new Shape(5, 1, 28, 28));
            float[][] a = one.features(gray);
            float[][] b = three.features(gray.repeat(1, 3));
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(a[i], b[i], 1e-5f);
            }
        }
    }

    @Test
    void inceptionScoreOfTheStandInIsAValidScore() throws IOException {
        try (NDManager m = NDManager.newBaseManager(); InceptionNetwork net = InceptionNetwork.load(standIn, m)) {
            double[][] p = net.probabilities(m.randomUniform(0, 1, new Shape(20, 3, 32, 32)), true);
            InceptionScore is = InceptionScore.compute(p, 2);
            assertTrue(is.mean() >= 1.0 && is.mean() < InceptionNetwork.CLASSES, "IS " + is);
        }
    }

    @Test
    void aFileWithAnotherArgumentOrderIsRefusedBeforeItRuns(@TempDir Path tmp) throws IOException {
        Path swapped = tmp.resolve("inception-swapped-flags.pt");
        copy("inception-swapped-flags.pt", swapped);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InceptionNetwork.load(swapped, m));
            assertTrue(e.getMessage().startsWith(swapped + ": is not the FID Inception network"), e.getMessage());
            assertTrue(e.getMessage().endsWith("its forward takes (img, use_fp16, return_features, no_output_bias), not "
                    + "(img, return_features, use_fp16, no_output_bias)"), e.getMessage());
        }
    }

    /** Runs a TorchScript file the way libtorch would, without clel's checks: forward(img, True, False, False). */
    private static void runUnchecked(Path file) throws Exception {
        try (NDManager m = NDManager.newBaseManager(); Model model = Model.newInstance("unchecked", Device.cpu(), "PyTorch")) {
            model.load(file, null, Map.of("mapLocation", "true"));
            PtNDArray img = (PtNDArray) m.zeros(new Shape(2, 3, 32, 32), DataType.UINT8);
            IValue[] in = {IValue.from(img), IValue.from(true), IValue.from(false), IValue.from(false)};
            ((PtSymbolBlock) model.getBlock()).forward(in).close();
        }
    }

    @Test
    void aFileWhoseCodeOverwritesAFileIsRefusedBeforeAnythingInItRuns(@TempDir Path tmp) throws Exception {
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious-data-123");
        Path crafted = CraftedTorchScript.fileOverwriter(standIn, tmp.resolve("inception-2015-12-05.pt"), "img", victim);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> InceptionNetwork.load(crafted, m));
            assertTrue(e.getMessage().startsWith(crafted + ": refused before loading: its TorchScript code"), e.getMessage());
            assertTrue(e.getMessage().contains("names 'from_file'"), e.getMessage());
        }
        assertEquals("precious-data-123", Files.readString(victim));
        // the crafted file is a real threat: loaded and run without the check, it overwrites the file
        runUnchecked(crafted);
        assertEquals("XXXXXXXX-data-123", Files.readString(victim));
    }

    @Test
    void networksWithoutTheInceptionStructureAreRefusedBeforeTheyRun(@TempDir Path tmp) throws IOException {
        Path mae = CraftedTorchScript.resource("/clel/encoder/mae-standin.pt", tmp.resolve("mae.pt"));
        Path noOutput = CraftedTorchScript.rewrite(standIn, tmp.resolve("no-output.pt"), (name, content) ->
                name.endsWith("/data.pkl") ? new String(content, StandardCharsets.ISO_8859_1).replace("output", "outpvt")
                        .getBytes(StandardCharsets.ISO_8859_1) : content);
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException other = assertThrows(IllegalArgumentException.class, () -> InceptionNetwork.load(mae, m));
            assertTrue(other.getMessage().endsWith("its forward takes (x), not (img, return_features, use_fp16, "
                    + "no_output_bias)"), other.getMessage());
            IllegalArgumentException layout = assertThrows(IllegalArgumentException.class,
                    () -> InceptionNetwork.load(noOutput, m));
            assertTrue(layout.getMessage().endsWith("it has no tensor output.weight, expected [1008, 2048] (the output "
                    + "layer from 2048 features to 1008 classes)"), layout.getMessage());
        }
    }

    @Test
    void missingOrForeignFilesGiveOneLineErrors(@TempDir Path tmp) throws IOException {
        try (NDManager m = NDManager.newBaseManager()) {
            IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                    () -> InceptionNetwork.load(tmp.resolve("none.pt"), m));
            assertTrue(missing.getMessage().contains("no such file"), missing.getMessage());

            Path pickle = tmp.resolve("inception-2015-12-05.pkl");
            Files.write(pickle, new byte[] {(byte) 0x80, 4, 'x', 'y'});
            IllegalArgumentException notZip = assertThrows(IllegalArgumentException.class,
                    () -> InceptionNetwork.load(pickle, m));
            assertTrue(notZip.getMessage().contains("not a TorchScript archive"), notZip.getMessage());

            Path fakeZip = tmp.resolve("fake.pt");
            try (ZipOutputStream z = new ZipOutputStream(Files.newOutputStream(fakeZip))) {
                z.putNextEntry(new ZipEntry("fake/data.pkl"));
                z.write(new byte[] {1, 2, 3});
            }
            IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                    () -> InceptionNetwork.load(fakeZip, m));
            assertTrue(bad.getMessage().startsWith(fakeZip + ": is a zip archive but not a TorchScript file"),
                    bad.getMessage());
            assertEquals(-1, bad.getMessage().indexOf('\n'), "one line: " + bad.getMessage());
        }
    }
}

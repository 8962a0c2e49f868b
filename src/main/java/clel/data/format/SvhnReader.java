package clel.data.format;

import clel.data.DataSplit;
import clel.data.ImageSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the SVHN cropped-digit files {@code train_32x32.mat} / {@code test_32x32.mat} (Netzer et al., 2011),
 * MATLAB v5 files holding {@code X}: uint8 of dims 32 x 32 x 3 x N (row, column, channel, image) in MATLAB's
 * column-major order, and {@code y}: N labels 1..10 where 10 stands for the digit 0.
 *
 * <p>Output: N images 3 x 32 x 32 (CHW, so pixel (c, row, col) of image n is X(row, col, c, n), i.e. each
 * channel plane is transposed from the file's column-major layout), labels 0..9 = the digit ("10" -> 0),
 * class names "0".."9", mean/std as the caller passes them (the data set's published values).
 *
 * <p>Untrusted files: {@code X} must be real uint8 stored as 8-bit integers, of 32 x 32 x 3 x N with N at most what
 * one in-memory set holds, and {@code y} at most that many numbers; both are checked from the variables' headers
 * before their data is read ({@link MatV5Reader.HeaderCheck}).
 */
public final class SvhnReader {
    private static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Side of the images: 32 x 32. */
    public static final int SIDE = 32;
    /** Most images one file may hold (what one in-memory image set of 3 x 32 x 32 images can hold). */
    public static final int MAX_IMAGES = DeclaredSize.MAX_ARRAY / (3 * SIDE * SIDE);

    private SvhnReader() {
    }

    /** The publisher's file name of a split: {@code train_32x32.mat} or {@code test_32x32.mat}. */
    public static String fileName(DataSplit split) {
        return split.folderName() + "_32x32.mat";
    }

    /**
     * Read a split from a folder holding {@code train_32x32.mat} / {@code test_32x32.mat}, or from a .mat file
     * given directly (then {@code split} only names the result).
     *
     * @param stats the mean/std the images carry (3 channels)
     */
    public static ImageSet read(Path root, DataSplit split, ChannelStats stats) throws IOException {
        Path file = root;
        if (Files.isDirectory(root)) {
            file = root.resolve(fileName(split));
            if (!Files.isRegularFile(file)) {
                throw new NoSuchFileException(file.toString(), null,
                        "SVHN file missing (expected the official " + fileName(split) + " in " + root + ")");
            }
        }
        return readMat(file, "svhn/" + split.folderName(), stats);
    }

    /** Read one SVHN .mat file; the images carry {@code stats}. */
    public static ImageSet readMat(Path file, String name, ChannelStats stats) throws IOException {
        Map<String, MatArray> vars = MatV5Reader.read(file, Set.of("X", "y"), header -> checkHeader(file, header));
        MatArray x = vars.get("X");
        MatArray y = vars.get("y");
        if (x == null || y == null) {
            throw new DataFormatException(file + ": not an SVHN cropped-digits file: missing variable "
                    + (x == null ? "'X'" : "'y'") + " (variables found: " + vars.keySet() + ")");
        }
        checkHeader(file, x);
        int[] d = x.dims();
        int h = d[0];
        int w = d[1];
        int n = d.length == 4 ? d[3] : 1;
        if (y.elementCount() != n || !y.hasData()) {
            throw new DataFormatException(file + ": variable 'y' has dims " + y.dimsText() + " (" + y.className()
                    + "), expected " + n + " numeric labels to match 'X' (" + x.dimsText() + ")");
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            double v = y.get(i);
            if (v != Math.rint(v) || v < 1 || v > 10) {
                throw new DataFormatException(file + ": y(" + (i + 1) + ") = " + v + ", expected a label 1..10");
            }
            labels[i] = (int) v % 10;
        }
        byte[] src = x.byteData();
        int plane = h * w;
        byte[] pixels = new byte[src.length];
        for (int img = 0; img < n; img++) {
            for (int c = 0; c < 3; c++) {
                int base = (img * 3 + c) * plane;
                for (int col = 0; col < w; col++) {
                    int s = base + col * h;
                    for (int row = 0; row < h; row++) {
                        pixels[base + row * w + col] = src[s + row];
                    }
                }
            }
        }
        return new ImageSet(name, 3, h, w, pixels, labels, DIGITS, List.of(), new byte[0], stats.mean(), stats.std());
    }

    /**
     * Refuses an {@code X} that is not real uint8 of 32 x 32 x 3 x N (N at most {@link #MAX_IMAGES}) stored as
     * 8-bit integers, or a {@code y} of more than {@link #MAX_IMAGES} numbers; other variables pass.
     */
    private static void checkHeader(Path file, MatArray v) throws DataFormatException {
        if (v.name().equals("y") && v.elementCount() > MAX_IMAGES) {
            throw new DataFormatException(file + ": variable 'y' has dims " + v.dimsText() + ", more than the "
                    + MAX_IMAGES + " labels an SVHN file may hold");
        }
        if (!v.name().equals("X")) {
            return;
        }
        int[] d = v.dims();
        if (v.matClass() != MatArray.MX_UINT8 || v.isComplex()) {
            throw new DataFormatException(file + ": variable 'X' is " + v.className()
                    + (v.isComplex() ? " complex" : "") + ", expected real uint8");
        }
        if (v.storageType() != MatArray.MI_UINT8) {
            throw new DataFormatException(file + ": variable 'X' (uint8) is stored as MAT data type "
                    + v.storageType() + ", expected miUINT8 (" + MatArray.MI_UINT8 + ")");
        }
        if (d.length < 3 || d.length > 4 || d[0] != SIDE || d[1] != SIDE || d[2] != 3) {
            throw new DataFormatException(file + ": variable 'X' has dims " + v.dimsText()
                    + ", expected H x W x 3 x N (32x32x3xN)");
        }
        if (d.length == 4 && d[3] > MAX_IMAGES) {
            throw new DataFormatException(file + ": variable 'X' has dims " + v.dimsText() + ", more than the "
                    + MAX_IMAGES + " images one in-memory set holds");
        }
    }
}

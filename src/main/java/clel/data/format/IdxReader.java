package clel.data.format;

import clel.data.DataSplit;
import clel.data.ImageSet;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (MNIST and the data sets in its format), gzip-compressed or not (detected from the gzip magic
 * bytes, not the file name). Image files: big-endian int32 magic 2051 (0x00000803: unsigned bytes, 3 dimensions),
 * count N, rows, cols, then N*rows*cols pixel bytes. Label files: magic 2049 (0x00000801), count N, then N label
 * bytes. The two counts must agree and both files must end exactly after their data.
 *
 * <p>Untrusted headers: the rows and columns must be the ones the caller expects (28x28 for MNIST), the count must
 * fit the file (a plain file's length is checked before reading; a gzipped one is read as its data arrives, so a
 * header that lies costs no more memory than the data there) and the images must fit in one in-memory set.
 *
 * <p>Layouts ({@link IdxLayout}): 1 x rows x cols as stored, or 3 x (rows+4) x (cols+4) RGB with the gray value
 * replicated and 2 zero pixels of padding on each side (3x32x32 for the 32x32 networks).
 *
 * <p>Mean/std: either a data set's published gray values, passed in (e.g. MNIST 0.1307/0.3081), or computed from
 * the images read. Published values are converted exactly to the padded layout: with a fraction
 * f = rows*cols / ((rows+4)*(cols+4)) of original pixels (784/1024), mean' = f*mean and
 * std' = sqrt(f*(std^2 + mean^2) - mean'^2), the same for all 3 channels.
 */
public final class IdxReader {
    /** Magic number of an unsigned-byte 3-D IDX file (images). */
    public static final int IMAGES_MAGIC = 2051;
    /** Magic number of an unsigned-byte 1-D IDX file (labels). */
    public static final int LABELS_MAGIC = 2049;

    private IdxReader() {
    }

    /**
     * Read an images file and a labels file whose mean/std are published gray values; labels must be below
     * {@code classNames.size()}.
     *
     * @param rows      the rows every image must have (28 for MNIST)
     * @param cols      the columns every image must have
     * @param grayStats the published mean/std of the 1-channel images as stored (converted for the padded layout)
     */
    public static ImageSet read(Path imagesFile, Path labelsFile, int rows, int cols, IdxLayout layout,
                                List<String> classNames, String name, ChannelStats grayStats) throws IOException {
        if (grayStats.channels() != 1) {
            throw new IllegalArgumentException(name + ": IDX images are gray, got statistics of "
                    + grayStats.channels() + " channels");
        }
        Raw raw = readRaw(imagesFile, labelsFile, rows, cols, layout, classNames.size());
        float mean = grayStats.mean()[0];
        float std = grayStats.std()[0];
        if (layout == IdxLayout.NATIVE_GRAY) {
            return raw.toImageSet(layout, classNames, name, new float[] {mean}, new float[] {std});
        }
        double f = (double) raw.rows * raw.cols / ((raw.rows + 4.0) * (raw.cols + 4.0));
        double m = f * mean;
        double s = Math.sqrt(f * ((double) std * std + (double) mean * mean) - m * m);
        float[] ms = {(float) m, (float) m, (float) m};
        float[] ss = {(float) s, (float) s, (float) s};
        return raw.toImageSet(layout, classNames, name, ms, ss);
    }

    /**
     * Read an images file and a labels file of images rows x cols; labels must be below {@code classNames.size()};
     * mean/std are computed from the output images.
     */
    public static ImageSet read(Path imagesFile, Path labelsFile, int rows, int cols, IdxLayout layout,
                                List<String> classNames, String name) throws IOException {
        Raw raw = readRaw(imagesFile, labelsFile, rows, cols, layout, classNames.size());
        ImageSet tmp = raw.toImageSet(layout, classNames, name, ones(layout), ones(layout));
        ChannelStats st = ChannelStats.of(tmp.pixels(), tmp.channels(), tmp.height(), tmp.width());
        return new ImageSet(name, tmp.channels(), tmp.height(), tmp.width(), tmp.pixels(), tmp.labels(),
                classNames, List.of(), new byte[0], st.mean(), st.std());
    }

    private static float[] ones(IdxLayout layout) {
        float[] a = new float[layout == IdxLayout.NATIVE_GRAY ? 1 : 3];
        Arrays.fill(a, 1f);
        return a;
    }

    /**
     * The publisher's name of a split's IDX file without ".gz": {@code train-images-idx3-ubyte},
     * {@code t10k-labels-idx1-ubyte}, ...
     *
     * @param kind "images" or "labels"
     * @param dims 3 for images, 1 for labels
     */
    public static String fileName(DataSplit split, String kind, int dims) {
        return (split == DataSplit.TRAIN ? "train" : "t10k") + "-" + kind + "-idx" + dims + "-ubyte";
    }

    /**
     * The IDX file of a split in {@code root} or its torchvision-style sub-folders ({@code raw/},
     * {@code FOLDER/raw/} with FOLDER torchvision's class name of the data set, e.g. {@code MNIST},
     * {@code FashionMNIST}): {@link #fileName} and the variants with ".gz" or with '.' before "idx".
     *
     * @throws java.nio.file.NoSuchFileException naming the split and the names looked for
     */
    public static Path findFile(Path root, String torchvisionFolder, DataSplit split, String kind, int dims)
            throws IOException {
        String prefix = split == DataSplit.TRAIN ? "train" : "t10k";
        List<String> tried = new ArrayList<>();
        for (String sub : new String[] {"", "raw", torchvisionFolder + "/raw"}) {
            Path dir = sub.isEmpty() ? root : root.resolve(sub);
            for (String sep : new String[] {"-", "."}) {
                for (String ext : new String[] {"", ".gz"}) {
                    String name = prefix + "-" + kind + sep + "idx" + dims + "-ubyte" + ext;
                    Path p = dir.resolve(name);
                    if (Files.isRegularFile(p)) {
                        return p;
                    }
                    if (sub.isEmpty()) {
                        tried.add(name);
                    }
                }
            }
        }
        throw new NoSuchFileException(root.toString(), null,
                "no IDX " + kind + " file for the " + split.folderName() + " split (looked for " + tried + ")");
    }

    /** Images (N x rows x cols bytes) and labels as read. */
    private static final class Raw {
        final int count;
        final int rows;
        final int cols;
        final byte[] pixels;
        final int[] labels;

        Raw(int count, int rows, int cols, byte[] pixels, int[] labels) {
            this.count = count;
            this.rows = rows;
            this.cols = cols;
            this.pixels = pixels;
            this.labels = labels;
        }

        ImageSet toImageSet(IdxLayout layout, List<String> names, String name, float[] mean, float[] std) {
            if (layout == IdxLayout.NATIVE_GRAY) {
                return new ImageSet(name, 1, rows, cols, pixels, labels, names, List.of(), new byte[0], mean, std);
            }
            int h = rows + 4;
            int w = cols + 4;
            int plane = h * w;
            byte[] out = new byte[Math.multiplyExact(count, 3 * plane)];
            for (int i = 0; i < count; i++) {
                for (int r = 0; r < rows; r++) {
                    int src = (i * rows + r) * cols;
                    for (int c = 0; c < 3; c++) {
                        System.arraycopy(pixels, src, out, i * 3 * plane + c * plane + (r + 2) * w + 2, cols);
                    }
                }
            }
            return new ImageSet(name, 3, h, w, out, labels, names, List.of(), new byte[0], mean, std);
        }
    }

    private static Raw readRaw(Path imagesFile, Path labelsFile, int expectedRows, int expectedCols, IdxLayout layout,
                               int classes) throws IOException {
        int[] imageHeader = new int[4];
        byte[] pixels;
        try (Opened in = open(imagesFile)) {
            readHeader(in.stream, imagesFile, IMAGES_MAGIC, "images", imageHeader, 4);
            int n = imageHeader[1];
            int rows = imageHeader[2];
            int cols = imageHeader[3];
            if (n < 0 || rows <= 0 || cols <= 0) {
                throw new DataFormatException(imagesFile + ": invalid header: " + n + " images of " + rows + "x" + cols);
            }
            if (rows != expectedRows || cols != expectedCols) {
                throw new DataFormatException(imagesFile + ": images of " + rows + "x" + cols + " pixels, expected "
                        + expectedRows + "x" + expectedCols + " (rows x columns) for this data set");
            }
            String images = n + " images of " + rows + "x" + cols;
            long declared = DeclaredSize.product(imagesFile.toString(), images, n, rows, cols);
            long remaining = in.remainingAfter(16);
            if (remaining < declared) {
                throw truncatedImages(imagesFile, remaining, declared, n, rows * cols);
            }
            int total = DeclaredSize.arrayLength(imagesFile.toString(), images, n, rows, cols);
            if (layout == IdxLayout.RGB_PADDED_32) {
                DeclaredSize.arrayLength(imagesFile.toString(), images + " padded to 3x" + (rows + 4) + "x"
                        + (cols + 4), n, 3, rows + 4, cols + 4);
            }
            pixels = DeclaredSize.readUpTo((b, off, len) -> read(in.stream, b, off, len, imagesFile), total);
            if (pixels.length < total) {
                throw truncatedImages(imagesFile, pixels.length, total, n, rows * cols);
            }
            expectEnd(in.stream, imagesFile, n + " images");
        }
        int[] labelHeader = new int[2];
        int[] labels;
        try (Opened in = open(labelsFile)) {
            readHeader(in.stream, labelsFile, LABELS_MAGIC, "labels", labelHeader, 2);
            int n = labelHeader[1];
            if (n != imageHeader[1]) {
                throw new DataFormatException(labelsFile + ": holds " + n + " labels but " + imagesFile + " holds "
                        + imageHeader[1] + " images");
            }
            long remaining = in.remainingAfter(8);
            if (remaining < n) {
                throw truncatedLabels(labelsFile, (int) remaining, n);
            }
            byte[] raw = DeclaredSize.readUpTo((b, off, len) -> read(in.stream, b, off, len, labelsFile), n);
            if (raw.length < n) {
                throw truncatedLabels(labelsFile, raw.length, n);
            }
            expectEnd(in.stream, labelsFile, n + " labels");
            labels = new int[n];
            for (int i = 0; i < n; i++) {
                labels[i] = raw[i] & 0xff;
                if (labels[i] >= classes) {
                    throw new DataFormatException(labelsFile + ": label " + i + " is " + labels[i] + ", expected 0.."
                            + (classes - 1));
                }
            }
        }
        return new Raw(imageHeader[1], imageHeader[2], imageHeader[3], pixels, labels);
    }

    private static DataFormatException truncatedImages(Path file, long got, long total, int n, int perImage) {
        return new DataFormatException(file + ": truncated: image " + (got / perImage) + " of " + n
                + " is incomplete (file ends after " + got + " of " + total + " pixel bytes)");
    }

    private static DataFormatException truncatedLabels(Path file, int got, int n) {
        return new DataFormatException(file + ": truncated: label " + got + " of " + n
                + " is missing (file ends after " + got + " label bytes)");
    }

    /** An opened IDX file: its data stream and, for a plain file, its length (-1 when gzipped: not known). */
    private static final class Opened implements AutoCloseable {
        final InputStream stream;
        final long plainLength;

        Opened(InputStream stream, long plainLength) {
            this.stream = stream;
            this.plainLength = plainLength;
        }

        /** The bytes of a plain file after a header of {@code headerBytes}; unbounded for a gzipped one. */
        long remainingAfter(int headerBytes) {
            return plainLength < 0 ? Long.MAX_VALUE : Math.max(0, plainLength - headerBytes);
        }

        @Override
        public void close() throws IOException {
            stream.close();
        }
    }

    private static Opened open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            try {
                return new Opened(new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16), -1);
            } catch (IOException e) {
                in.close();
                throw new DataFormatException(file + ": corrupt gzip header (" + e.getMessage() + ")", e);
            }
        }
        return new Opened(in, Files.size(file));
    }

    private static void readHeader(InputStream in, Path file, int magic, String kind, int[] out, int ints)
            throws IOException {
        byte[] h = new byte[ints * 4];
        int got = readFully(in, h, file);
        if (got >= 4) {
            int m = be(h, 0);
            if (m != magic) {
                throw new DataFormatException(file + ": bad magic number " + m + " (0x" + String.format("%08x", m)
                        + "), expected " + magic + " (0x" + String.format("%08x", magic) + ") for an IDX "
                        + kind + " file");
            }
        }
        if (got < h.length) {
            throw new DataFormatException(file + ": truncated IDX header (" + got + " of " + h.length + " bytes)");
        }
        for (int i = 0; i < ints; i++) {
            out[i] = be(h, 4 * i);
        }
    }

    private static int be(byte[] b, int off) {
        return (b[off] & 0xff) << 24 | (b[off + 1] & 0xff) << 16 | (b[off + 2] & 0xff) << 8 | (b[off + 3] & 0xff);
    }

    /** Read up to b.length bytes; a truncated gzip stream counts as the end of data. */
    private static int readFully(InputStream in, byte[] b, Path file) throws IOException {
        int got = 0;
        while (got < b.length) {
            int r = read(in, b, got, b.length - got, file);
            if (r < 0) {
                break;
            }
            got += r;
        }
        return got;
    }

    /** One read; a truncated gzip stream counts as the end of data (-1), corrupt gzip data is a format error. */
    private static int read(InputStream in, byte[] b, int off, int len, Path file) throws IOException {
        try {
            return in.read(b, off, len);
        } catch (EOFException e) {
            // GZIPInputStream: "Unexpected end of ZLIB input stream"
            return -1;
        } catch (ZipException e) {
            throw new DataFormatException(file + ": corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    private static void expectEnd(InputStream in, Path file, String what) throws IOException {
        int extra;
        try {
            extra = in.read();
        } catch (EOFException e) {
            throw new DataFormatException(file + ": truncated gzip stream after " + what, e);
        }
        if (extra >= 0) {
            throw new DataFormatException(file + ": unexpected extra bytes after " + what
                    + " (header count does not match the file size)");
        }
    }
}

package clel.data.format;

import clel.data.DataSplit;
import clel.data.ImageSet;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

/**
 * Reads the official CIFAR-10 / CIFAR-100 binary releases (Krizhevsky, 2009), either the downloaded archive
 * (streamed with commons-compress, nothing is extracted to disk) or the extracted folder.
 *
 * <p>Record layout: CIFAR-10 records are 3073 bytes = 1 label byte + 3072 pixel bytes; CIFAR-100 records are
 * 3074 bytes = coarse label byte + fine label byte + 3072 pixel bytes. The 3072 pixels are 3 planes (R, G, B)
 * of 32x32 row-major values, i.e. already the CHW order of {@link ImageSet}.
 *
 * <p>Files: CIFAR-10 {@code cifar-10-batches-bin/data_batch_1..5.bin} (train, in that order),
 * {@code test_batch.bin}, {@code batches.meta.txt} (class names, one a line); CIFAR-100
 * {@code cifar-100-binary/train.bin}, {@code test.bin}, {@code fine_label_names.txt},
 * {@code coarse_label_names.txt}. A missing names file falls back to the official names built in.
 *
 * <p>{@code root} may be the .tar.gz, the extracted batches folder, or a folder containing either.
 * Mean/std are the statistics the caller passes (the data set's published values).
 *
 * <p>Sizes: a data file holds at most {@value #MAX_RECORDS_PER_FILE} records (the official files hold 10,000 or
 * 50,000) and a names file at most {@value #MAX_NAMES_FILE_BYTES} bytes; larger ones are refused before they are
 * read, and an archive entry is read as its data arrives, so a tar header that lies costs no more memory than the
 * data the archive really holds.
 */
public final class CifarBinaryReader {
    /** Pixel bytes per image, 3 x 32 x 32. */
    public static final int IMAGE_BYTES = 3 * 32 * 32;

    /** Most records one data file may hold (the official files hold 10,000 or 50,000). */
    public static final int MAX_RECORDS_PER_FILE = 100_000;
    /** Largest class-names file read. */
    public static final int MAX_NAMES_FILE_BYTES = 1 << 20;

    /** Folder of the extracted CIFAR-10 binary release. */
    public static final String CIFAR10_FOLDER = "cifar-10-batches-bin";
    /** File name of the CIFAR-10 binary release. */
    public static final String CIFAR10_ARCHIVE = "cifar-10-binary.tar.gz";
    /** Folder of the extracted CIFAR-100 binary release. */
    public static final String CIFAR100_FOLDER = "cifar-100-binary";
    /** File name of the CIFAR-100 binary release. */
    public static final String CIFAR100_ARCHIVE = "cifar-100-binary.tar.gz";

    static final List<String> CIFAR10_NAMES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog",
            "frog", "horse", "ship", "truck");

    static final List<String> CIFAR100_FINE_NAMES = List.of("apple", "aquarium_fish", "baby", "bear", "beaver",
            "bed", "bee", "beetle", "bicycle", "bottle", "bowl", "boy", "bridge", "bus", "butterfly", "camel", "can",
            "castle", "caterpillar", "cattle", "chair", "chimpanzee", "clock", "cloud", "cockroach", "couch", "crab",
            "crocodile", "cup", "dinosaur", "dolphin", "elephant", "flatfish", "forest", "fox", "girl", "hamster",
            "house", "kangaroo", "keyboard", "lamp", "lawn_mower", "leopard", "lion", "lizard", "lobster", "man",
            "maple_tree", "motorcycle", "mountain", "mouse", "mushroom", "oak_tree", "orange", "orchid", "otter",
            "palm_tree", "pear", "pickup_truck", "pine_tree", "plain", "plate", "poppy", "porcupine", "possum",
            "rabbit", "raccoon", "ray", "road", "rocket", "rose", "sea", "seal", "shark", "shrew", "skunk",
            "skyscraper", "snail", "snake", "spider", "squirrel", "streetcar", "sunflower", "sweet_pepper", "table",
            "tank", "telephone", "television", "tiger", "tractor", "train", "trout", "tulip", "turtle", "wardrobe",
            "whale", "willow_tree", "wolf", "woman", "worm");

    static final List<String> CIFAR100_COARSE_NAMES = List.of("aquatic_mammals", "fish", "flowers",
            "food_containers", "fruit_and_vegetables", "household_electrical_devices", "household_furniture",
            "insects", "large_carnivores", "large_man-made_outdoor_things", "large_natural_outdoor_scenes",
            "large_omnivores_and_herbivores", "medium_mammals", "non-insect_invertebrates", "people", "reptiles",
            "small_mammals", "trees", "vehicles_1", "vehicles_2");

    private CifarBinaryReader() {
    }

    /**
     * Read a CIFAR-10 split: 50,000 (train) or 10,000 (test) images 3x32x32 with labels 0..9 in file order.
     *
     * @param root  the .tar.gz, the extracted {@code cifar-10-batches-bin} folder, or a folder containing either
     * @param stats the mean/std the images carry (3 channels)
     */
    public static ImageSet readCifar10(Path root, DataSplit split, ChannelStats stats) throws IOException {
        List<String> dataFiles = new ArrayList<>();
        if (split == DataSplit.TRAIN) {
            for (int i = 1; i <= 5; i++) {
                dataFiles.add("data_batch_" + i + ".bin");
            }
        } else {
            dataFiles.add("test_batch.bin");
        }
        Map<String, Loaded> files = load(root, CIFAR10_FOLDER, CIFAR10_ARCHIVE, dataFiles, List.of("batches.meta.txt"));
        List<String> names = classNames(files, "batches.meta.txt", CIFAR10_NAMES, root);
        Decoded d = decode(files, dataFiles, 1, 0, 10);
        return new ImageSet("cifar10/" + split.folderName(), 3, 32, 32, d.pixels, d.labels, names, List.of(),
                new byte[0], stats.mean(), stats.std());
    }

    /**
     * Read a CIFAR-100 split: 50,000 (train) or 10,000 (test) images 3x32x32 with fine (0..99) or coarse
     * (0..19) labels in file order.
     *
     * @param root  the .tar.gz, the extracted {@code cifar-100-binary} folder, or a folder containing either
     * @param stats the mean/std the images carry (3 channels)
     */
    public static ImageSet readCifar100(Path root, DataSplit split, CifarLabelKind kind, ChannelStats stats)
            throws IOException {
        String file = split == DataSplit.TRAIN ? "train.bin" : "test.bin";
        String namesFile = kind == CifarLabelKind.FINE ? "fine_label_names.txt" : "coarse_label_names.txt";
        Map<String, Loaded> files = load(root, CIFAR100_FOLDER, CIFAR100_ARCHIVE, List.of(file), List.of(namesFile));
        List<String> names = classNames(files, namesFile,
                kind == CifarLabelKind.FINE ? CIFAR100_FINE_NAMES : CIFAR100_COARSE_NAMES, root);
        Decoded d = decode(files, List.of(file), 2, kind == CifarLabelKind.FINE ? 1 : 0, names.size());
        return new ImageSet("cifar100/" + split.folderName(), 3, 32, 32, d.pixels, d.labels, names, List.of(),
                new byte[0], stats.mean(), stats.std());
    }

    /** A loaded file: its bytes and the path (or archive!entry) used in messages. */
    private static final class Loaded {
        final String where;
        final byte[] data;

        Loaded(String where, byte[] data) {
            this.where = where;
            this.data = data;
        }
    }

    private static final class Decoded {
        final byte[] pixels;
        final int[] labels;

        Decoded(byte[] pixels, int[] labels) {
            this.pixels = pixels;
            this.labels = labels;
        }
    }

    /** Split the data files (in order) into label(s) and pixels, validating sizes and label ranges. */
    private static Decoded decode(Map<String, Loaded> files, List<String> dataFiles, int labelBytes,
                                  int labelIndex, int classes) throws DataFormatException {
        int recordSize = labelBytes + IMAGE_BYTES;
        long total = 0;
        for (String f : dataFiles) {
            byte[] data = files.get(f).data;
            String where = files.get(f).where;
            if (data.length == 0) {
                throw new DataFormatException(where + ": empty file, expected " + recordSize + "-byte records");
            }
            if (data.length % recordSize != 0) {
                int whole = data.length / recordSize;
                throw new DataFormatException(where + ": " + data.length + " bytes is not a whole number of "
                        + recordSize + "-byte records (record " + whole + " is truncated: "
                        + (data.length - (long) whole * recordSize) + " of " + recordSize + " bytes)");
            }
            total += data.length / recordSize;
        }
        if (total * IMAGE_BYTES > Integer.MAX_VALUE) {
            throw new DataFormatException("CIFAR data of " + total + " records is too large for one image set");
        }
        byte[] pixels = new byte[(int) total * IMAGE_BYTES];
        int[] labels = new int[(int) total];
        int n = 0;
        for (String f : dataFiles) {
            byte[] data = files.get(f).data;
            String where = files.get(f).where;
            int records = data.length / recordSize;
            for (int r = 0; r < records; r++) {
                int off = r * recordSize;
                for (int b = 0; b < labelBytes; b++) {
                    int limit = labelBytes == 1 ? classes : (b == 0 ? CIFAR100_COARSE_NAMES.size()
                            : CIFAR100_FINE_NAMES.size());
                    int v = data[off + b] & 0xff;
                    if (v >= limit) {
                        String what = labelBytes == 1 ? "label" : (b == 0 ? "coarse label" : "fine label");
                        throw new DataFormatException(where + ": record " + r + " has " + what + " " + v
                                + ", expected 0.." + (limit - 1) + " (wrong record size or not a CIFAR"
                                + (labelBytes == 1 ? "-10" : "-100") + " file?)");
                    }
                }
                int label = data[off + labelIndex] & 0xff;
                if (label >= classes) {
                    throw new DataFormatException(where + ": record " + r + " has label " + label
                            + " but only " + classes + " class names");
                }
                labels[n] = label;
                System.arraycopy(data, off + labelBytes, pixels, n * IMAGE_BYTES, IMAGE_BYTES);
                n++;
            }
        }
        return new Decoded(pixels, labels);
    }

    private static List<String> classNames(Map<String, Loaded> files, String namesFile, List<String> defaults,
                                           Path root) throws DataFormatException {
        Loaded loaded = files.get(namesFile);
        if (loaded == null) {
            return defaults;
        }
        byte[] data = loaded.data;
        String where = loaded.where;
        List<String> names = new ArrayList<>();
        for (String line : new String(data, StandardCharsets.UTF_8).split("\r?\n")) {
            if (!line.isBlank()) {
                names.add(line.trim());
            }
        }
        if (names.size() != defaults.size()) {
            throw new DataFormatException(where + ": " + names.size() + " class names, expected " + defaults.size());
        }
        return names;
    }

    /**
     * Locate and load the wanted data files (required) and meta files (optional) by base name.
     */
    private static Map<String, Loaded> load(Path root, String dirName, String archiveName, List<String> dataFiles,
                                            List<String> metaFiles) throws IOException {
        if (Files.isRegularFile(root)) {
            return loadArchive(root, dataFiles, metaFiles);
        }
        if (!Files.isDirectory(root)) {
            throw new NoSuchFileException(root.toString(), null,
                    "no such file or directory (expected " + archiveName + " or the " + dirName + " folder)");
        }
        Path dir = null;
        if (Files.isRegularFile(root.resolve(dataFiles.get(0)))) {
            dir = root;
        } else if (Files.isDirectory(root.resolve(dirName))) {
            dir = root.resolve(dirName);
        } else if (Files.isRegularFile(root.resolve(archiveName))) {
            return loadArchive(root.resolve(archiveName), dataFiles, metaFiles);
        }
        if (dir == null) {
            throw new DataFormatException(root + ": neither " + dataFiles.get(0) + ", a " + dirName
                    + "/ folder nor " + archiveName + " found");
        }
        Map<String, Loaded> out = new HashMap<>();
        for (String f : dataFiles) {
            Path p = dir.resolve(f);
            if (!Files.isRegularFile(p)) {
                throw new DataFormatException(dir + ": missing data file " + f);
            }
            checkSize(p.toString(), Files.size(p), true, f);
            out.put(f, new Loaded(p.toString(), Files.readAllBytes(p)));
        }
        for (String f : metaFiles) {
            Path p = dir.resolve(f);
            if (Files.isRegularFile(p)) {
                checkSize(p.toString(), Files.size(p), false, f);
                out.put(f, new Loaded(p.toString(), Files.readAllBytes(p)));
            }
        }
        return out;
    }

    /** Refuses a data file of more than {@link #MAX_RECORDS_PER_FILE} records or an oversized names file. */
    private static void checkSize(String where, long size, boolean isData, String base) throws DataFormatException {
        long limit = isData ? (long) MAX_RECORDS_PER_FILE * recordSize(base) : MAX_NAMES_FILE_BYTES;
        if (size < 0 || size > limit) {
            throw new DataFormatException(where + ": " + (isData ? "data file" : "class-names file") + " of " + size
                    + " bytes, more than the " + limit + " bytes"
                    + (isData ? " of " + MAX_RECORDS_PER_FILE + " records" : "") + " allowed");
        }
    }

    private static int recordSize(String base) {
        return base.equals("train.bin") || base.equals("test.bin") ? 3074 : 3073;
    }

    /** Stream a .tar.gz once, keeping only the wanted entries (matched by base name). */
    private static Map<String, Loaded> loadArchive(Path archive, List<String> dataFiles, List<String> metaFiles)
            throws IOException {
        Map<String, Loaded> out = new HashMap<>();
        String current = null;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(archive), 1 << 16)) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            if (b0 != 0x1f || b1 != 0x8b) {
                throw new DataFormatException(archive + ": not a gzip-compressed tar archive (.tar.gz)");
            }
            try (TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(raw))) {
                TarArchiveEntry e;
                while ((e = tar.getNextEntry()) != null) {
                    if (!e.isFile()) {
                        continue;
                    }
                    String base = FolderListing.baseName(e.getName());
                    boolean isData = dataFiles.contains(base);
                    if (!isData && !metaFiles.contains(base)) {
                        continue;
                    }
                    current = archive + "!" + e.getName();
                    checkSize(current, e.getSize(), isData, base);
                    int size = (int) e.getSize();
                    byte[] data;
                    int[] got = {0};
                    try {
                        data = DeclaredSize.readUpTo((b, off, len) -> {
                            int r = tar.read(b, off, len);
                            got[0] += Math.max(r, 0);
                            return r;
                        }, size);
                    } catch (IOException ex) {
                        throw truncated(current, got[0], isData, base, ex);
                    }
                    if (data.length < size) {
                        throw truncated(current, data.length, isData, base, null);
                    }
                    out.put(base, new Loaded(current, data));
                    current = null;
                }
            }
        } catch (DataFormatException e) {
            throw e;
        } catch (IOException e) {
            throw new DataFormatException(archive + ": truncated or corrupt archive"
                    + (current != null ? " while reading " + current : "") + " (" + e.getMessage() + ")", e);
        }
        for (String f : dataFiles) {
            if (!out.containsKey(f)) {
                throw new DataFormatException(archive + ": archive has no entry " + f);
            }
        }
        return out;
    }

    private static DataFormatException truncated(String where, int got, boolean isData, String base,
                                                 IOException cause) {
        String why = cause == null ? "" : " (" + cause.getMessage() + ")";
        if (!isData) {
            return new DataFormatException(where + ": truncated after " + got + " bytes" + why, cause);
        }
        int recordSize = recordSize(base);
        return new DataFormatException(where + ": truncated at record " + (got / recordSize) + " ("
                + got + " bytes read)" + why, cause);
    }
}

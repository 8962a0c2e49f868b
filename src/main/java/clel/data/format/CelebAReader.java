package clel.data.format;

import clel.data.DataSplit;
import clel.data.ImagePixelLimit;
import clel.data.ImageSet;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads CelebA (Liu et al., 2015) aligned faces as the paper's 64x64 set for compositional generation
 * (Section 4.4: attributes Young, Female (= not Male), Smiling).
 *
 * <p>Files, looked up in {@code root} and in its official sub-folders {@code Img/}, {@code Anno/},
 * {@code Eval/}: the images as the folder {@code img_align_celeba/} or the official
 * {@code img_align_celeba.zip}; {@code list_attr_celeba.txt} (line 1 the image count, line 2 the 40 attribute
 * names, then "filename v1 .. v40" with values -1/1); {@code list_eval_partition.txt} ("filename p", p = 0
 * train, 1 validation, 2 test).
 *
 * <p>Processing as the public code: center crop 140x140 (torchvision offsets, i.e. rows 39..178 and columns
 * 19..158 of the 178x218 aligned images), then resize to 64x64 with area averaging (exact box filter, the
 * same as OpenCV INTER_AREA; chosen over bicubic because it has no ringing and is exactly reproducible).
 * Images come in the order of the partition file. The {@link DataSplit#TRAIN} split is partition 0 and
 * {@link DataSplit#TEST} partition 2, unless {@link Builder#partitions(int...)} says otherwise.
 *
 * <p>The 40 attributes become the ImageSet's binary attributes (1 where the file says 1, 0 for -1). The class
 * label is 0 for every image (one class "face") unless {@link Builder#labelAttribute(String)} chooses an
 * attribute, then label = that attribute (classes "not_NAME", "NAME"). Mean/std are computed from the images.
 *
 * <p>Untrusted list files: the image count on line 1 must fit in the file (each row takes at least 2 + 2 x 40
 * bytes) before anything is allocated for it; image names must be plain file names, and an image file (or link)
 * in {@code img_align_celeba/} must lie inside that folder, so a list file cannot reach other files.
 */
public final class CelebAReader {
    /** Side of the center crop of the public code. */
    public static final int CROP = 140;

    private final Path root;
    private final DataSplit split;
    private final int[] partitions;
    private final int cropSize;
    private final int outputSize;
    private final String labelAttribute;
    private final int threads;
    private final long maxImagePixels;

    private CelebAReader(Builder b) {
        this.root = b.root;
        this.split = b.split;
        this.partitions = b.partitions;
        this.cropSize = b.cropSize;
        this.outputSize = b.outputSize;
        this.labelAttribute = b.labelAttribute;
        this.threads = b.threads;
        this.maxImagePixels = b.maxImagePixels;
    }

    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /**
     * Options of a {@link CelebAReader}; defaults: TRAIN, crop 140, output 64, label 0 ("face"), up to 4 threads,
     * images of at most {@link ImagePixelLimit#DEFAULT_MAX_PIXELS} pixels.
     */
    public static final class Builder {
        private final Path root;
        private DataSplit split = DataSplit.TRAIN;
        private int[] partitions;
        private int cropSize = CROP;
        private int outputSize = 64;
        private String labelAttribute;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private long maxImagePixels = ImagePixelLimit.DEFAULT_MAX_PIXELS;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        public Builder split(DataSplit split) { this.split = Objects.requireNonNull(split, "split"); return this; }

        /** Read exactly these partition codes (0 train, 1 validation, 2 test) instead of the split's. */
        public Builder partitions(int... codes) {
            for (int c : codes) {
                if (c < 0 || c > 2) {
                    throw new IllegalArgumentException("CelebA partition must be 0, 1 or 2, got " + c);
                }
            }
            this.partitions = codes.clone();
            return this;
        }

        public Builder cropSize(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("crop size must be positive, got " + size);
            }
            this.cropSize = size;
            return this;
        }

        public Builder outputSize(int size) {
            if (size <= 0) {
                throw new IllegalArgumentException("output size must be positive, got " + size);
            }
            this.outputSize = size;
            return this;
        }

        /** Use this attribute (e.g. "Smiling") as the binary class label; null for the single class "face". */
        public Builder labelAttribute(String name) { this.labelAttribute = name; return this; }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** The most pixels (width x height) an image may have, read from its header before it is decoded. */
        public Builder maxImagePixels(long pixels) {
            this.maxImagePixels = ImagePixelLimit.check(pixels);
            return this;
        }

        public CelebAReader build() { return new CelebAReader(this); }
    }

    /** The parsed attribute table. */
    private static final class Attributes {
        final List<String> names;
        final Map<String, Integer> rowOf = new HashMap<>();
        byte[] values;

        Attributes(List<String> names) {
            this.names = names;
        }
    }

    /**
     * Read and decode the selected images.
     *
     * @throws DataFormatException naming the file and line of a malformed list file, a missing attribute row or
     *                             an image file, or an undecodable image
     */
    public ImageSet read() throws IOException {
        Path attrFile = find("list_attr_celeba.txt", "Anno");
        Path partFile = find("list_eval_partition.txt", "Eval");
        Attributes attrs = readAttributes(attrFile);
        int labelIndex = -1;
        if (labelAttribute != null) {
            labelIndex = attrs.names.indexOf(labelAttribute);
            if (labelIndex < 0) {
                throw new IllegalArgumentException("unknown CelebA attribute '" + labelAttribute + "': expected one of "
                        + attrs.names);
            }
        }
        int[] wanted = partitions != null ? partitions : new int[] {split == DataSplit.TRAIN ? 0 : 2};
        List<String> selected = new ArrayList<>();
        List<Integer> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(partFile, StandardCharsets.UTF_8)) {
            String line;
            int ln = 0;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isBlank()) {
                    continue;
                }
                String[] t = line.trim().split("\\s+");
                if (t.length != 2 || !(t[1].equals("0") || t[1].equals("1") || t[1].equals("2"))) {
                    throw new DataFormatException(partFile + " line " + ln + ": expected 'filename 0|1|2', got '"
                            + line.trim() + "'");
                }
                int p = t[1].charAt(0) - '0';
                if (Arrays.stream(wanted).noneMatch(w -> w == p)) {
                    continue;
                }
                if (!isPlainFileName(t[0])) {
                    throw new DataFormatException(partFile + " line " + ln + ": image name '" + t[0]
                            + "' is not a plain file name (no folders, '..' or absolute paths)");
                }
                Integer row = attrs.rowOf.get(t[0]);
                if (row == null) {
                    throw new DataFormatException(attrFile + ": no attribute row for image " + t[0] + " (listed at line "
                            + ln + " of " + partFile + ")");
                }
                selected.add(t[0]);
                rows.add(row);
            }
        }
        if (selected.isEmpty()) {
            throw new DataFormatException(partFile + ": no images in partition(s) " + Arrays.toString(wanted));
        }
        int nAttr = attrs.names.size();
        byte[] attributes = new byte[selected.size() * nAttr];
        for (int i = 0; i < selected.size(); i++) {
            System.arraycopy(attrs.values, rows.get(i) * nAttr, attributes, i * nAttr, nAttr);
        }
        ImageShaper shaper = new ImageShaper(3, outputSize, outputSize, CropMode.STRETCH, 0, cropSize,
                maxImagePixels);
        ParallelDecoder.Result decoded;
        Path imgDir = findOptionalDir("img_align_celeba");
        if (imgDir != null) {
            List<ImageEntry> entries = new ArrayList<>();
            Path realDir = imgDir.toRealPath();
            for (String f : selected) {
                Path p = imgDir.resolve(f);
                if (!Files.isRegularFile(p)) {
                    throw new DataFormatException(imgDir + ": image file " + f + " listed in " + partFile + " is missing");
                }
                Path real = p.toRealPath();
                if (!real.startsWith(realDir)) {
                    throw new DataFormatException(p + ": a link to " + real + ", outside " + realDir
                            + "; CelebA images must lie in the image folder");
                }
                entries.add(ImageEntry.ofFile(p));
            }
            decoded = ParallelDecoder.decode(entries, shaper, threads, false);
        } else {
            Path zip = find("img_align_celeba.zip", "Img");
            try (FolderListing listing = FolderListing.open(zip)) {
                Map<String, String> byName = new HashMap<>();
                for (String rel : listing.files) {
                    byName.putIfAbsent(FolderListing.baseName(rel), rel);
                }
                List<ImageEntry> entries = new ArrayList<>();
                for (String f : selected) {
                    String rel = byName.get(f);
                    if (rel == null) {
                        throw new DataFormatException(zip + ": image " + f + " listed in " + partFile
                                + " is not in the archive");
                    }
                    entries.add(listing.entry(rel));
                }
                decoded = ParallelDecoder.decode(entries, shaper, threads, false);
            }
        }
        int n = selected.size();
        int[] labels = new int[n];
        List<String> classNames;
        if (labelIndex >= 0) {
            for (int i = 0; i < n; i++) {
                labels[i] = attributes[i * nAttr + labelIndex];
            }
            classNames = List.of("not_" + labelAttribute, labelAttribute);
        } else {
            classNames = List.of("face");
        }
        ChannelStats st = ChannelStats.of(decoded.pixels, 3, outputSize, outputSize);
        String name = "celeba/" + (partitions != null ? "partitions" + Arrays.toString(partitions) : split.folderName());
        return new ImageSet(name, 3, outputSize, outputSize, decoded.pixels, labels, classNames, attrs.names,
                attributes, st.mean(), st.std());
    }

    private static Attributes readAttributes(Path file) throws IOException {
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = r.readLine();
            int count;
            try {
                count = Integer.parseInt(first == null ? "" : first.trim());
            } catch (NumberFormatException e) {
                throw new DataFormatException(file + " line 1: expected the number of images, got '"
                        + (first == null ? "<end of file>" : first.trim()) + "'");
            }
            String second = r.readLine();
            if (second == null || second.isBlank()) {
                throw new DataFormatException(file + " line 2: expected the attribute names");
            }
            Attributes a = new Attributes(List.of(second.trim().split("\\s+")));
            int k = a.names.size();
            long rowsThatFit = Files.size(file) / (2 + 2L * k);
            if (count < 0 || count > rowsThatFit) {
                throw new DataFormatException(file + " line 1: image count " + count + " does not fit in the file ("
                        + Files.size(file) + " bytes hold at most " + rowsThatFit + " rows of " + k + " attributes)");
            }
            a.values = new byte[count * k];
            String line;
            int ln = 2;
            int row = 0;
            while ((line = r.readLine()) != null) {
                ln++;
                if (line.isBlank()) {
                    continue;
                }
                String[] t = line.trim().split("\\s+");
                if (t.length != k + 1) {
                    throw new DataFormatException(file + " line " + ln + ": expected a file name and " + k
                            + " values, got " + (t.length - 1) + " values");
                }
                if (row >= count) {
                    throw new DataFormatException(file + " line " + ln + ": more rows than the " + count
                            + " images announced on line 1");
                }
                for (int j = 0; j < k; j++) {
                    if (t[j + 1].equals("1")) {
                        a.values[row * k + j] = 1;
                    } else if (!t[j + 1].equals("-1")) {
                        throw new DataFormatException(file + " line " + ln + ": attribute " + a.names.get(j)
                                + " of " + t[0] + " is '" + t[j + 1] + "', expected -1 or 1");
                    }
                }
                if (a.rowOf.put(t[0], row) != null) {
                    throw new DataFormatException(file + " line " + ln + ": second row for image " + t[0]);
                }
                row++;
            }
            if (row != count) {
                throw new DataFormatException(file + ": line 1 announces " + count + " images but the file has "
                        + row + " rows");
            }
            return a;
        }
    }

    /** Whether a listed image name is a file name in the image folder itself: no separators, not "." or "..". */
    static boolean isPlainFileName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\\') < 0 && name.indexOf('\0') < 0;
    }

    private Path find(String name, String officialSub) throws IOException {
        for (Path p : new Path[] {root.resolve(name), root.resolve(officialSub).resolve(name)}) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new NoSuchFileException(root.resolve(name).toString(), null,
                "CelebA file missing (also looked in " + officialSub + "/)");
    }

    private Path findOptionalDir(String name) {
        for (Path p : new Path[] {root.resolve(name), root.resolve("Img").resolve(name)}) {
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        return null;
    }
}

package clel.data.format;

import clel.data.DataSplit;
import clel.data.ImagePixelLimit;
import clel.data.ImageSet;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Reads an "ImageFolder" (torchvision's layout): a directory, or a .zip of one, holding one sub-folder per
 * class with PNG/JPEG images ({@code .png}, {@code .jpg}, {@code .jpeg}, any case; other files are ignored)
 * at any depth below it. This serves ImageNet 32x32 exports, DTD textures and the JPEG copy of CIFAR-10.
 *
 * <p>Layout rules:
 * <ul>
 *   <li>Wrapper folders are looked through: while the root holds no images and exactly one folder that is
 *       neither a split folder nor itself holding images directly, that folder becomes the root (a zip of
 *       "dtd/images/..." works as well as the folder "images").</li>
 *   <li>If the root has {@code train/} and/or {@code test/} sub-folders, the requested {@link DataSplit}'s folder
 *       is read (missing -> error); class indices come from the sorted union of the class folders of both
 *       splits, so labels agree between splits. Without split folders, the root's class folders are read
 *       whatever the split.</li>
 *   <li>Class names are sorted (String order); files within a class are sorted by relative path.</li>
 *   <li>An empty class folder (no image files) is an error naming it; an undecodable image is an error naming
 *       the file, or with {@link Builder#skipBadImages(boolean)} is skipped and reported in the result; so is an
 *       image of more pixels than {@link Builder#maxImagePixels(long)}, refused from its header before decoding.</li>
 * </ul>
 * Images are decoded on a fixed thread pool; the result is in the deterministic order above. Each image is
 * brought to C x H x W by the {@link CropMode} (default resize shorter side then center crop). Per-channel
 * mean/std of the result are computed from the decoded images.
 */
public final class ImageFolderReader {
    private static final String[] EXTENSIONS = {".png", ".jpg", ".jpeg"};

    private final Path root;
    private final DataSplit split;
    private final int channels;
    private final int height;
    private final int width;
    private final CropMode cropMode;
    private final int threads;
    private final boolean skipBadImages;
    private final long seed;
    private final String name;
    private final long maxImagePixels;

    private ImageFolderReader(Builder b) {
        this.root = b.root;
        this.split = b.split;
        this.channels = b.channels;
        this.height = b.height;
        this.width = b.width;
        this.cropMode = b.cropMode;
        this.threads = b.threads;
        this.skipBadImages = b.skipBadImages;
        this.seed = b.seed;
        this.name = b.name;
        this.maxImagePixels = b.maxImagePixels;
    }

    /** A builder for reading the folder or zip at {@code root}. */
    public static Builder builder(Path root) {
        return new Builder(root);
    }

    /**
     * Options of an {@link ImageFolderReader}; defaults: TRAIN, 3x32x32, resize-shorter + center crop, up to 4
     * threads, images of at most {@link ImagePixelLimit#DEFAULT_MAX_PIXELS} pixels.
     */
    public static final class Builder {
        private final Path root;
        private DataSplit split = DataSplit.TRAIN;
        private int channels = 3;
        private int height = 32;
        private int width = 32;
        private CropMode cropMode = CropMode.RESIZE_SHORTER_CENTER_CROP;
        private int threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        private boolean skipBadImages;
        private long seed;
        private String name;
        private long maxImagePixels = ImagePixelLimit.DEFAULT_MAX_PIXELS;

        private Builder(Path root) {
            this.root = Objects.requireNonNull(root, "root");
        }

        public Builder split(DataSplit split) { this.split = Objects.requireNonNull(split, "split"); return this; }

        /** Output channels C: 3 (RGB, gray replicated) or 1 (luma). */
        public Builder channels(int channels) {
            if (channels != 1 && channels != 3) {
                throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
            }
            this.channels = channels;
            return this;
        }

        /** Output size H x W. */
        public Builder size(int height, int width) {
            if (height <= 0 || width <= 0) {
                throw new IllegalArgumentException("image size must be positive, got " + height + "x" + width);
            }
            this.height = height;
            this.width = width;
            return this;
        }

        public Builder cropMode(CropMode mode) { this.cropMode = Objects.requireNonNull(mode, "cropMode"); return this; }

        /** Decoder threads (a fixed pool), at least 1. */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * The most pixels (width x height) an image may have, read from its header before it is decoded; a larger
         * one is an error naming the file, or skipped with {@link #skipBadImages}.
         */
        public Builder maxImagePixels(long pixels) {
            this.maxImagePixels = ImagePixelLimit.check(pixels);
            return this;
        }

        /** Skip undecodable (or too large) images, reported in the result, instead of failing on the first one. */
        public Builder skipBadImages(boolean skip) { this.skipBadImages = skip; return this; }

        /** Seed of {@link CropMode#RANDOM_CROP}. */
        public Builder seed(long seed) { this.seed = seed; return this; }

        /** Name of the resulting ImageSet (default: folder name and split). */
        public Builder name(String name) { this.name = Objects.requireNonNull(name, "name"); return this; }

        public ImageFolderReader build() { return new ImageFolderReader(this); }
    }

    /**
     * Read and decode the images.
     *
     * @throws DataFormatException for a bad layout, an empty class folder or (unless skipping) an undecodable image
     * @throws IOException         when the folder/zip cannot be read
     */
    public ImageFolderResult read() throws IOException {
        try (FolderListing listing = FolderListing.open(root)) {
            String base = findBase(listing);
            List<String> top = listing.childDirs(base);
            boolean hasTrain = top.contains("train");
            boolean hasTest = top.contains("test");
            String classRoot = base;
            List<String> classNames;
            String usedSplit = null;
            if (hasTrain || hasTest) {
                usedSplit = split.folderName();
                if (!top.contains(usedSplit)) {
                    throw new DataFormatException(listing.display(base) + ": has a "
                            + (hasTrain ? "train" : "test") + "/ folder but no " + usedSplit + "/ folder for the "
                            + usedSplit + " split");
                }
                classRoot = FolderListing.join(base, usedSplit);
                TreeSet<String> union = new TreeSet<>();
                if (hasTrain) {
                    union.addAll(listing.childDirs(FolderListing.join(base, "train")));
                }
                if (hasTest) {
                    union.addAll(listing.childDirs(FolderListing.join(base, "test")));
                }
                classNames = new ArrayList<>(union);
            } else {
                classNames = listing.childDirs(base);
            }
            if (classNames.isEmpty()) {
                throw new DataFormatException(listing.display(classRoot)
                        + ": no class sub-folders (expected <class>/<image>.png|jpg, optionally under train/ and test/)");
            }
            Map<String, Integer> classIndex = new HashMap<>();
            for (int i = 0; i < classNames.size(); i++) {
                classIndex.put(classNames.get(i), i);
            }
            // group image files by class folder (one pass), in sorted path order
            String prefix = classRoot.isEmpty() ? "" : classRoot + "/";
            List<List<String>> perClass = new ArrayList<>();
            for (int i = 0; i < classNames.size(); i++) {
                perClass.add(new ArrayList<>());
            }
            for (String f : listing.files) {
                if (!f.startsWith(prefix) || !isImage(f)) {
                    continue;
                }
                String rest = f.substring(prefix.length());
                int slash = rest.indexOf('/');
                if (slash < 0) {
                    continue; // an image directly in the root, outside any class folder
                }
                Integer c = classIndex.get(rest.substring(0, slash));
                if (c != null) {
                    perClass.get(c).add(f);
                }
            }
            List<String> present = listing.childDirs(classRoot);
            for (int c = 0; c < classNames.size(); c++) {
                if (perClass.get(c).isEmpty() && present.contains(classNames.get(c))) {
                    throw new DataFormatException("empty class folder "
                            + listing.display(FolderListing.join(classRoot, classNames.get(c)))
                            + ": no .png/.jpg/.jpeg images");
                }
            }
            List<ImageEntry> entries = new ArrayList<>();
            List<Integer> entryLabels = new ArrayList<>();
            for (int c = 0; c < classNames.size(); c++) {
                for (String f : perClass.get(c)) {
                    entries.add(listing.entry(f));
                    entryLabels.add(c);
                }
            }
            if (entries.isEmpty()) {
                throw new DataFormatException(listing.display(classRoot) + ": no .png/.jpg/.jpeg images in any class folder");
            }
            ImageShaper shaper = new ImageShaper(channels, height, width, cropMode, seed, maxImagePixels);
            ParallelDecoder.Result decoded = ParallelDecoder.decode(entries, shaper, threads, skipBadImages);
            int[] labels = new int[decoded.kept.length];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = entryLabels.get(decoded.kept[i]);
            }
            ChannelStats stats = ChannelStats.of(decoded.pixels, channels, height, width);
            String setName = name != null ? name
                    : root.getFileName() + (usedSplit != null ? "/" + usedSplit : "");
            ImageSet set = new ImageSet(setName, channels, height, width, decoded.pixels, labels, classNames,
                    List.of(), new byte[0], stats.mean(), stats.std());
            return new ImageFolderResult(set, decoded.skipped);
        }
    }

    /** Look through wrapper folders (see the class comment). */
    private static String findBase(FolderListing listing) {
        String base = "";
        while (true) {
            if (hasDirectImages(listing, base)) {
                return base;
            }
            List<String> children = listing.childDirs(base);
            if (children.size() != 1) {
                return base;
            }
            String child = children.get(0);
            String childRel = FolderListing.join(base, child);
            if (child.equals("train") || child.equals("test") || hasDirectImages(listing, childRel)) {
                return base;
            }
            base = childRel;
        }
    }

    private static boolean hasDirectImages(FolderListing listing, String dirRel) {
        String prefix = dirRel.isEmpty() ? "" : dirRel + "/";
        for (String f : listing.files) {
            if (f.startsWith(prefix) && f.indexOf('/', prefix.length()) < 0 && isImage(f)) {
                return true;
            }
        }
        return false;
    }

    static boolean isImage(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        for (String ext : EXTENSIONS) {
            if (lower.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }
}

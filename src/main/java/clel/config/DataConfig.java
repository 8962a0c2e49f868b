package clel.config;

import clel.data.ClassSubset;
import clel.data.ImagePixelLimit;

/**
 * The training data. YAML section {@code data}.
 *
 * @param name      data set: shapes (built in, no download) or a named benchmark (see the data package)
 * @param root      where the data set's files are (file or folder); unused for shapes
 * @param trainSize number of images generated for the built-in shapes data set (default 20,000; at most
 *                  {@link #MAX_GENERATED_IMAGES})
 * @param testSize  number of held-out images generated for shapes (default 2,000; at most {@link #MAX_GENERATED_IMAGES})
 * @param workers   threads decoding image files (default 2; at most {@link #MAX_WORKERS})
 * @param skipBadImages folders: skip undecodable images with a warning instead of failing (default false)
 * @param download  fetch missing files from the publisher's URL and verify their checksums (default false)
 * @param maxImagePixels image files: the most pixels (width x height, read from the file's header before decoding)
 *                  an image may have (default 4096 x 4096, {@link ImagePixelLimit#DEFAULT_MAX_PIXELS}; at most
 *                  16384 x 16384, {@link ImagePixelLimit#MAX_PIXELS_LIMIT})
 * @param classes   the classes kept, as indices and ranges ({@code "0-4"}, {@code "0,2,4"}); empty (the default) keeps
 *                  every class. A semantic OOD split trains on some classes and scores the rest ({@link ClassSubset})
 */
public record DataConfig(String name, String root, int trainSize, int testSize, int workers, boolean skipBadImages,
                         boolean download, int maxImagePixels, String classes) {
    /** Most images data.train_size and data.test_size may ask the shapes generator for (3 GB of pixels). */
    public static final int MAX_GENERATED_IMAGES = 1_000_000;
    /** Most decoding threads. */
    public static final int MAX_WORKERS = 64;

    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param name      data set: shapes (built in, no download) or a named benchmark (see the data package)
     * @param root      where the data set's files are (file or folder); unused for shapes
     * @param trainSize number of images generated for the built-in shapes data set (default 20,000; at most
     *                  {@link #MAX_GENERATED_IMAGES})
     * @param testSize  number of held-out images generated for shapes (default 2,000; at most {@link #MAX_GENERATED_IMAGES})
     * @param workers   threads decoding image files (default 2; at most {@link #MAX_WORKERS})
     * @param skipBadImages folders: skip undecodable images with a warning instead of failing (default false)
     * @param download  fetch missing files from the publisher's URL and verify their checksums (default false)
     * @param maxImagePixels image files: the most pixels (width x height, read from the file's header before decoding)
     *                       an image may have (default 4096 x 4096, {@link ImagePixelLimit#DEFAULT_MAX_PIXELS}; at most
     *                       16384 x 16384, {@link ImagePixelLimit#MAX_PIXELS_LIMIT})
     * @param classes   the classes kept, as indices and ranges ({@code "0-4"}, {@code "0,2,4"}); empty (the default) keeps
     *                  every class. A semantic OOD split trains on some classes and scores the rest ({@link ClassSubset})
     */
    public DataConfig {
        Checks.notNull("data.name", name);
        Checks.range("data.train_size", trainSize, 1, MAX_GENERATED_IMAGES);
        Checks.range("data.test_size", testSize, 1, MAX_GENERATED_IMAGES);
        Checks.range("data.workers", workers, 1, MAX_WORKERS);
        try {
            ImagePixelLimit.check(maxImagePixels);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("data.max_image_pixels: " + e.getMessage());
        }
        classes = classes == null ? "" : classes.trim();
        try {
            ClassSubset.parse(classes, "data.classes");
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * A data section with the default {@code max_image_pixels}, keeping every class.
     *
     * @param name          data set: shapes (built in, no download) or a named benchmark
     * @param root          where the data set's files are (file or folder); unused for shapes
     * @param trainSize     number of images generated for the built-in shapes data set
     * @param testSize      number of held-out images generated for shapes
     * @param workers       threads decoding image files
     * @param skipBadImages folders: skip undecodable images with a warning instead of failing
     * @param download      fetch missing files from the publisher's URL and verify their checksums
     */
    public DataConfig(String name, String root, int trainSize, int testSize, int workers, boolean skipBadImages,
                      boolean download) {
        this(name, root, trainSize, testSize, workers, skipBadImages, download, ImagePixelLimit.DEFAULT_MAX_PIXELS, "");
    }

    /** @return the classes kept ({@link #classes()} parsed) */
    public ClassSubset classSubset() {
        return ClassSubset.parse(classes, "data.classes");
    }
}

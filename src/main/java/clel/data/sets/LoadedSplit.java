package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.ImageSet;
import clel.data.format.CropMode;
import clel.data.format.ImageFolderReader;
import clel.data.format.ImageFolderResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A split as a data set's reader returned it: the images, and warnings for the user (e.g. skipped undecodable
 * images).
 */
public record LoadedSplit(ImageSet images, List<String> warnings) {
    public LoadedSplit {
        Objects.requireNonNull(images, "images");
        warnings = List.copyOf(warnings);
    }

    /** Images read without warnings. */
    public static LoadedSplit of(ImageSet images) {
        return new LoadedSplit(images, List.of());
    }

    /**
     * Read an image folder (or zip) at {@code size} x {@code size} with {@code crop}, images of at most
     * {@code data.max_image_pixels}; skipped undecodable or too large images (with {@code data.skip_bad_images})
     * become one warning naming the count and the first file.
     */
    static LoadedSplit readFolder(Path root, DataSplit split, DataConfig config, int size, CropMode crop, String name)
            throws IOException {
        ImageFolderResult r = ImageFolderReader.builder(root).split(split).size(size, size).cropMode(crop)
                .threads(config.workers()).skipBadImages(config.skipBadImages())
                .maxImagePixels(config.maxImagePixels()).name(name).build().read();
        List<String> warnings = r.skippedCount() == 0 ? List.of()
                : List.of("skipped " + r.skippedCount() + " undecodable or too large image(s), e.g. "
                        + r.skipped().get(0).file() + ": " + r.skipped().get(0).reason());
        return new LoadedSplit(r.images(), warnings);
    }
}

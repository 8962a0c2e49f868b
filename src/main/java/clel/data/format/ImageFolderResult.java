package clel.data.format;

import clel.data.ImageSet;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ImageFolderReader#read()} returns: the images, and the undecodable files it skipped
 * (always empty unless {@code skipBadImages} was set; without it the first bad file is an error).
 *
 * @param images  the decoded images (C x H x W bytes each), labels = index of the sorted class folder
 * @param skipped the skipped files in folder order, with the reason each could not be decoded
 */
public record ImageFolderResult(ImageSet images, List<SkippedImage> skipped) {
    public ImageFolderResult {
        Objects.requireNonNull(images, "images");
        skipped = List.copyOf(skipped);
    }

    /** Number of skipped (undecodable) image files. */
    public int skippedCount() {
        return skipped.size();
    }
}

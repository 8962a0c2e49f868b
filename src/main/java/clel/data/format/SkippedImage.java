package clel.data.format;

import java.util.Objects;

/**
 * An image file the folder reader could not decode and skipped (only with {@code skipBadImages}).
 *
 * @param file   the file (or zip entry) as named in messages
 * @param reason why it could not be decoded
 */
public record SkippedImage(String file, String reason) {
    public SkippedImage {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(reason, "reason");
    }
}

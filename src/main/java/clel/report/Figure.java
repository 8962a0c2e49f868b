package clel.report;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * An image embedded in a report page as a base64 data URI, with its caption and pixel size (the pages of
 * {@link RunReport} and {@link ComparisonPage}).
 *
 * @param caption shown under the image and as its alt text
 * @param dataUri data:image/...;base64,...
 * @param width   width in pixels
 * @param height  height in pixels
 */
record Figure(String caption, String dataUri, int width, int height) {
    /** Images larger than this are not embedded (a note says so). */
    static final long MAX_IMAGE_BYTES = 32L << 20;
    /** Narrower images are treated as pixel art (sample grids). */
    static final int PIXEL_ART_WIDTH = 600;
    /** How wide the pages show a sample grid at most, in pixels (the {@code maxPixelWidth} of {@link #render}). */
    static final int MAX_GRID_WIDTH = 560;

    /**
     * Reads an image for embedding; a problem is added to {@code problems} (naming the file as {@code shownName})
     * and gives empty.
     */
    static Optional<Figure> read(Path file, String caption, String shownName, List<String> problems) {
        try {
            long size = Files.size(file);
            if (size > MAX_IMAGE_BYTES) {
                problems.add(shownName + ": " + size / (1 << 20) + " MB, too large to embed (limit "
                        + (MAX_IMAGE_BYTES >> 20) + " MB)");
                return Optional.empty();
            }
            byte[] bytes = Files.readAllBytes(file);
            String mime = mimeType(bytes);
            int[] dims = mime == null ? null : dimensions(bytes);
            if (dims == null) {
                problems.add(shownName + ": not a readable PNG, JPEG or GIF image");
                return Optional.empty();
            }
            return Optional.of(new Figure(caption, "data:" + mime + ";base64," + Base64.getEncoder().encodeToString(bytes),
                    dims[0], dims[1]));
        } catch (IOException e) {
            problems.add(shownName + ": cannot read (" + e.getMessage() + ")");
            return Optional.empty();
        }
    }

    /**
     * The figure. Images narrower than {@value #PIXEL_ART_WIDTH} pixels (sample grids) are shown enlarged by an
     * integer factor, at most {@code maxPixelWidth} wide, with sharp pixels so that small images stay visible;
     * wider ones (plots) scale with the page.
     */
    void render(HtmlPage h, int maxPixelWidth) {
        h.open("figure");
        if (width < PIXEL_ART_WIDTH) {
            int scale = scale(maxPixelWidth);
            h.empty("img", "class", "pixel", "src", dataUri, "alt", caption, "width",
                    String.valueOf(width * scale), "height", String.valueOf(height * scale));
        } else {
            h.empty("img", "class", "chart", "src", dataUri, "alt", caption, "width", String.valueOf(width),
                    "height", String.valueOf(height));
        }
        h.element("figcaption", caption);
        h.close("figure");
    }

    /** The factor {@link #render} enlarges this image by (1 for plots). */
    int scale(int maxPixelWidth) {
        return width < PIXEL_ART_WIDTH ? Math.max(1, Math.min(4, maxPixelWidth / Math.max(1, width))) : 1;
    }

    private static String mimeType(byte[] b) {
        if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
            return "image/png";
        }
        if (b.length > 3 && (b[0] & 0xff) == 0xFF && (b[1] & 0xff) == 0xD8) {
            return "image/jpeg";
        }
        if (b.length > 6 && b[0] == 'G' && b[1] == 'I' && b[2] == 'F' && b[3] == '8') {
            return "image/gif";
        }
        return null;
    }

    /** Width and height from the image header, or null if no reader understands it. */
    private static int[] dimensions(byte[] bytes) {
        try (InputStream in = new ByteArrayInputStream(bytes);
             ImageInputStream iis = ImageIO.createImageInputStream(in)) {
            if (iis == null) {
                return null;
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                return null;
            }
            ImageReader r = readers.next();
            try {
                r.setInput(iis, true, true);
                return new int[] {r.getWidth(0), r.getHeight(0)};
            } finally {
                r.dispose();
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}

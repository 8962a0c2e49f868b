package clel.io;


import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

import javax.imageio.ImageIO;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Tiles a batch of images into one picture, like torchvision's {@code make_grid}: images row by row,
 * {@code min(columns, count)} per row, {@code padding} black pixels between images and around the border.
 * A value x in [0, 1] becomes the 8-bit value {@code floor(x * 256)} clamped to [0, 255] (NaN becomes 0),
 * as the paper's public code does; 1-channel images are shown as grey, 3-channel as RGB.
 */
public final class ImageGrid {
    private ImageGrid() {
    }

    /**
     * Tiles images without upscaling.
     *
     * @param images   count*C*H*W floats, layout (B, C, H, W)
     * @param count    number of images to tile (B), at least 1
     * @param channels C, 1 or 3
     * @param height   H
     * @param width    W
     * @param columns  images per row, at least 1
     * @param padding  pixels between images and around the border, at least 0
     * @return RGB image of size {@code (cols(W+p)+p) x (rows(H+p)+p)}, rows = ceil(count / cols)
     */
    public static BufferedImage tile(float[] images, int count, int channels, int height, int width,
                                     int columns, int padding) {
        return tile(images, count, channels, height, width, columns, padding, 1);
    }

    /**
     * Tiles images and enlarges the result by an integer factor (nearest neighbour; padding scales too).
     *
     * @param images   count*C*H*W floats, layout (B, C, H, W)
     * @param count    number of images to tile (B), at least 1
     * @param channels C, 1 or 3
     * @param height   H
     * @param width    W
     * @param columns  images per row, at least 1
     * @param padding  pixels between images and around the border, at least 0
     * @param scale    upscale factor, at least 1
     * @return RGB image {@code scale} times the size of {@link #tile(float[], int, int, int, int, int, int)}'s
     */
    public static BufferedImage tile(float[] images, int count, int channels, int height, int width,
                                     int columns, int padding, int scale) {
        Objects.requireNonNull(images, "images");
        if (count < 1) {
            throw new IllegalArgumentException("image grid: count must be >= 1, got " + count);
        }
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("image grid: channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("image grid: image size must be positive, got " + height + "x" + width);
        }
        if (columns < 1) {
            throw new IllegalArgumentException("image grid: columns must be >= 1, got " + columns);
        }
        if (padding < 0) {
            throw new IllegalArgumentException("image grid: padding must be >= 0, got " + padding);
        }
        if (scale < 1) {
            throw new IllegalArgumentException("image grid: scale must be >= 1, got " + scale);
        }
        long needed = (long) count * channels * height * width;
        if (images.length < needed) {
            throw new IllegalArgumentException("image grid: " + images.length + " values for " + count + " images of "
                    + channels + "x" + height + "x" + width);
        }
        int cols = Math.min(columns, count);
        int rows = (count + cols - 1) / cols;
        long gridW = (long) cols * (width + padding) + padding;
        long gridH = (long) rows * (height + padding) + padding;
        if (gridW * scale > 1 << 15 || gridH * scale > 1 << 15) {
            throw new IllegalArgumentException("image grid: result of " + gridW * scale + "x" + gridH * scale
                    + " pixels is too large (limit 32768 per side)");
        }
        BufferedImage out = new BufferedImage((int) gridW * scale, (int) gridH * scale, BufferedImage.TYPE_INT_RGB);
        int plane = height * width;
        for (int n = 0; n < count; n++) {
            int left = padding + (n % cols) * (width + padding);
            int top = padding + (n / cols) * (height + padding);
            int base = n * channels * plane;
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    int p = base + y * width + x;
                    int r = toByte(images[p]);
                    int g = channels == 3 ? toByte(images[p + plane]) : r;
                    int b = channels == 3 ? toByte(images[p + 2 * plane]) : r;
                    int rgb = (r << 16) | (g << 8) | b;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            out.setRGB((left + x) * scale + dx, (top + y) * scale + dy, rgb);
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * Tiles an NDArray of shape (B, C, H, W) (any numeric data type, values in [0, 1]).
     *
     * @param images  the images (B, C, H, W), C 1 or 3
     * @param columns images per row, at least 1
     * @param padding pixels between images and around the border, at least 0
     * @param scale   upscale factor, at least 1
     * @return RGB image, as {@link #tile(float[], int, int, int, int, int, int, int)} makes it
     */
    public static BufferedImage tile(NDArray images, int columns, int padding, int scale) {
        Objects.requireNonNull(images, "images");
        Shape shape = images.getShape();
        if (shape.dimension() != 4) {
            throw new IllegalArgumentException("image grid: expected an array of shape (B, C, H, W), got " + shape);
        }
        float[] values;
        if (images.getDataType() == DataType.FLOAT32) {
            values = images.toFloatArray();
        } else {
            try (NDArray converted = images.toType(DataType.FLOAT32, false)) {
                values = converted.toFloatArray();
            }
        }
        return tile(values, Math.toIntExact(shape.get(0)), Math.toIntExact(shape.get(1)),
                Math.toIntExact(shape.get(2)), Math.toIntExact(shape.get(3)), columns, padding, scale);
    }

    /**
     * {@link #tile(NDArray, int, int, int)} without upscaling.
     *
     * @param images  the images (B, C, H, W), C 1 or 3
     * @param columns images per row, at least 1
     * @param padding pixels between images and around the border, at least 0
     * @return RGB image
     */
    public static BufferedImage tile(NDArray images, int columns, int padding) {
        return tile(images, columns, padding, 1);
    }

    /** floor(x * 256) clamped to [0, 255]; NaN gives 0. */
    static int toByte(float x) {
        if (!(x > 0)) {
            return 0;
        }
        double v = Math.floor(x * 256.0);
        return v >= 255 ? 255 : (int) v;
    }

    /**
     * Writes {@code image} as PNG to {@code path} atomically: into a temporary file in the same folder, then
     * moved over the target, so readers never see a partial file. Creates missing parent folders.
     *
     * @param image the picture
     * @param path  the PNG file
     * @throws IOException if writing or moving fails (the temporary file is removed)
     */
    public static void writePng(BufferedImage image, Path path) throws IOException {
        Objects.requireNonNull(image, "image");
        AtomicFileWriter.write(path, out -> {
            // An in-memory cache, not ImageIO's default file cache: the JDK closes file-cached image streams in a
            // shutdown hook (StreamCloser), so a SIGTERM during a grid write failed the run with "closed" instead of
            // letting it stop between iterations (GracefulStop).
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                if (!ImageIO.write(image, "png", ios)) {
                    throw new IOException(path + ": no PNG writer available for this image");
                }
            }
        });
    }
}

package clel.data.format;

import clel.data.ImagePixelLimit;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes one encoded image (PNG, JPEG, anything ImageIO reads) and turns it into C x H x W unsigned bytes
 * according to a {@link CropMode}. Gray images are replicated to RGB (their raw sample values, without
 * colour-space conversion); alpha is dropped; for C = 1, colour is converted to luma
 * (299 R + 587 G + 114 B + 500) / 1000.
 *
 * <p>An image of more than {@code maxPixels} pixels is refused from its header, before it is decoded (a PNG of a
 * few megabytes can declare 20000 x 20000 pixels, gigabytes once decoded).
 */
public final class ImageShaper {
    private final int channels;
    private final int height;
    private final int width;
    private final CropMode mode;
    private final long seed;
    private final int preCrop;
    private final long maxPixels;

    /**
     * @param maxPixels the most pixels (width x height) an image may have, checked before decoding; at most
     *                  {@link ImagePixelLimit#MAX_PIXELS_LIMIT}
     */
    public ImageShaper(int channels, int height, int width, CropMode mode, long seed, long maxPixels) {
        this(channels, height, width, mode, seed, 0, maxPixels);
    }

    /**
     * @param preCrop when positive, every image is first center-cropped to preCrop x preCrop (an image smaller
     *                than that is an error), then shaped by {@code mode}
     */
    ImageShaper(int channels, int height, int width, CropMode mode, long seed, int preCrop, long maxPixels) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height <= 0 || width <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + height + "x" + width);
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.mode = mode;
        this.seed = seed;
        this.preCrop = preCrop;
        this.maxPixels = ImagePixelLimit.check(maxPixels);
    }

    /** Bytes of one shaped image, C x H x W; see {@link #imageBytesExact} for a size that may not fit an int. */
    public int imageBytes() {
        return Math.toIntExact(imageBytesExact());
    }

    /** Bytes of one shaped image, C x H x W, without overflow (Long.MAX_VALUE when even a long cannot hold it). */
    public long imageBytesExact() {
        long plane = (long) height * width;
        return plane > Long.MAX_VALUE / channels ? Long.MAX_VALUE : plane * channels;
    }

    /** The shaped image's size in words, "3x32x32" (C x H x W). */
    public String describe() {
        return channels + "x" + height + "x" + width;
    }

    /**
     * Decode encoded bytes; IOException (with a reason, no file name) when they are not a readable image or declare
     * more than this shaper's pixel limit.
     */
    public BufferedImage decode(byte[] data) throws IOException {
        try (ImageInputStream iis = new MemoryCacheImageInputStream(new ByteArrayInputStream(data))) {
            Iterator<ImageReader> readers = ImageIO.getImageReaders(iis);
            if (!readers.hasNext()) {
                throw new IOException("not an image format ImageIO can decode (PNG, JPEG, BMP, GIF)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
                if (pixels > maxPixels) {
                    throw new IOException("image of " + reader.getWidth(0) + "x" + reader.getHeight(0) + " pixels ("
                            + pixels + "), more than the " + maxPixels + " allowed (data.max_image_pixels)");
                }
                BufferedImage img = reader.read(0);
                if (img == null || img.getWidth() <= 0 || img.getHeight() <= 0) {
                    throw new IOException("decoder returned no image");
                }
                return img;
            } finally {
                reader.dispose();
            }
        } catch (RuntimeException e) {
            // some ImageIO plug-ins throw unchecked exceptions on corrupt data
            throw new IOException(e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /** The image as 3 x h x w RGB values 0..255 (CHW). */
    static int[] rgbPlanes(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int plane = w * h;
        int[] out = new int[3 * plane];
        Raster raster = img.getRaster();
        boolean gray = !(img.getColorModel() instanceof IndexColorModel)
                && img.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY
                && raster.getNumBands() <= 2;
        if (gray) {
            int bits = raster.getSampleModel().getSampleSize(0);
            int[] samples = raster.getSamples(0, 0, w, h, 0, (int[]) null);
            long max = (1L << bits) - 1;
            for (int p = 0; p < plane; p++) {
                int v = bits == 8 ? samples[p] : (int) ((samples[p] * 255L + max / 2) / max);
                out[p] = v;
                out[plane + p] = v;
                out[2 * plane + p] = v;
            }
            return out;
        }
        int[] argb = img.getRGB(0, 0, w, h, null, 0, w);
        for (int p = 0; p < plane; p++) {
            int v = argb[p];
            out[p] = (v >> 16) & 0xff;
            out[plane + p] = (v >> 8) & 0xff;
            out[2 * plane + p] = v & 0xff;
        }
        return out;
    }

    /**
     * Shape a decoded image to C x H x W bytes, written into {@code dst} at {@code offset}.
     *
     * @param index image index (seeds {@link CropMode#RANDOM_CROP})
     * @throws IOException (without file name) when the image cannot be shaped, e.g. wrong size for {@link CropMode#NONE}
     */
    public void shape(BufferedImage img, int index, byte[] dst, int offset) throws IOException {
        int h = img.getHeight();
        int w = img.getWidth();
        int[] rgb = rgbPlanes(img);
        if (preCrop > 0) {
            if (h < preCrop || w < preCrop) {
                throw new IOException("image is " + w + "x" + h + " (WxH), smaller than the " + preCrop + "x"
                        + preCrop + " center crop");
            }
            rgb = Resampler.crop(rgb, 3, h, w, Resampler.centerOffset(h, preCrop), Resampler.centerOffset(w, preCrop),
                    preCrop, preCrop);
            h = preCrop;
            w = preCrop;
        }
        int[] out;
        switch (mode) {
            case NONE:
                if (h != height || w != width) {
                    throw new IOException("image is " + w + "x" + h + " (WxH), expected " + width + "x" + height);
                }
                out = rgb;
                break;
            case STRETCH:
                out = Resampler.resize(rgb, 3, h, w, height, width);
                break;
            case RESIZE_SHORTER_CENTER_CROP: {
                int[] hw = shorterSideTo(h, w, height, width);
                int[] r = Resampler.resize(rgb, 3, h, w, hw[0], hw[1]);
                out = Resampler.crop(r, 3, hw[0], hw[1], Resampler.centerOffset(hw[0], height),
                        Resampler.centerOffset(hw[1], width), height, width);
                break;
            }
            case CENTER_CROP:
            case RANDOM_CROP: {
                int hh = h;
                int ww = w;
                if (h < height || w < width) {
                    int[] hw = shorterSideTo(h, w, height, width);
                    hh = Math.max(hw[0], height);
                    ww = Math.max(hw[1], width);
                    rgb = Resampler.resize(rgb, 3, h, w, hh, ww);
                }
                int top;
                int left;
                if (mode == CropMode.CENTER_CROP) {
                    top = Resampler.centerOffset(hh, height);
                    left = Resampler.centerOffset(ww, width);
                } else {
                    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index);
                    top = rnd.nextInt(hh - height + 1);
                    left = rnd.nextInt(ww - width + 1);
                }
                out = Resampler.crop(rgb, 3, hh, ww, top, left, height, width);
                break;
            }
            default:
                throw new IllegalStateException("unhandled crop mode " + mode);
        }
        int plane = height * width;
        if (channels == 3) {
            for (int i = 0; i < 3 * plane; i++) {
                dst[offset + i] = (byte) out[i];
            }
        } else {
            for (int p = 0; p < plane; p++) {
                int luma = (299 * out[p] + 587 * out[plane + p] + 114 * out[2 * plane + p] + 500) / 1000;
                dst[offset + p] = (byte) luma;
            }
        }
    }

    /**
     * New (h, w) scaled by max(targetH / h, targetW / w) (aspect kept, rounded, at least the target): for a
     * square target this is torchvision's Resize(shorter side = target).
     */
    private static int[] shorterSideTo(int h, int w, int targetH, int targetW) {
        double scale = Math.max((double) targetH / h, (double) targetW / w);
        int nh = Math.max(targetH, (int) Math.round(h * scale));
        int nw = Math.max(targetW, (int) Math.round(w * scale));
        return new int[] {nh, nw};
    }
}

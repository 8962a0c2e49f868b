package clel.model;

import ai.djl.ndarray.types.Shape;
import clel.data.ImagePixelLimit;
import clel.data.format.CropMode;
import clel.data.format.ImageShaper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Image files as a model's input: each file (PNG, JPEG, anything ImageIO decodes) is brought to the model's
 * C x H x W as data sets are read (the shorter side resized to the target, then a centre crop; grey replicated to RGB,
 * colour turned to luma for one channel; alpha dropped), and its 8-bit values v become v / 255. The images follow each
 * other in the order given, in the flattened (N, C, H, W) layout that {@link TrainedModel}'s methods take.
 */
public final class ImageInput {
    private ImageInput() {
    }

    /**
     * Reads image files for a model whose inputs have {@code imageShape} ({@link TrainedModel#imageShape()}).
     *
     * @param files      the image files, in the order of the result
     * @param imageShape (C, H, W) of the model's inputs, C 1 or 3
     * @return {@code files.size()} x C x H x W values in [0, 1]
     * @throws IOException naming the file that cannot be read or decoded, or that has more than
     *                     {@link ImagePixelLimit#DEFAULT_MAX_PIXELS} pixels
     */
    public static float[] read(List<Path> files, Shape imageShape) throws IOException {
        if (imageShape.dimension() != 3) {
            throw new IllegalArgumentException("image shape must be (C, H, W), got " + imageShape);
        }
        ImageShaper shaper = new ImageShaper(Math.toIntExact(imageShape.get(0)), Math.toIntExact(imageShape.get(1)),
                Math.toIntExact(imageShape.get(2)), CropMode.RESIZE_SHORTER_CENTER_CROP, 0,
                ImagePixelLimit.DEFAULT_MAX_PIXELS);
        int per = shaper.imageBytes();
        byte[] bytes = new byte[Math.multiplyExact(files.size(), per)];
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            try {
                shaper.shape(shaper.decode(Files.readAllBytes(f)), i, bytes, i * per);
            } catch (IOException e) {
                throw new IOException(f + ": " + e.getMessage(), e);
            }
        }
        float[] out = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (bytes[i] & 0xff) / 255f;
        }
        return out;
    }
}

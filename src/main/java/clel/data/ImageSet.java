package clel.data;

import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * An in-memory labelled image set: {@code count} images of {@code channels x height x width} unsigned
 * bytes in CHW order, one class label per image and, optionally, binary attributes per image.
 *
 * <p>Every data source (the built-in shapes, CIFAR, SVHN, folders, ...) produces one of these; the
 * training pipeline turns batches of it into float tensors of shape (B, C, H, W) in [0, 1].
 * {@code mean} and {@code std} are the per-channel statistics the networks normalize their input with.
 */
public final class ImageSet {
    private final String name;
    private final int count;
    private final int channels;
    private final int height;
    private final int width;
    private final byte[] pixels;
    private final int[] labels;
    private final List<String> classNames;
    private final List<String> attributeNames;
    private final byte[] attributes;
    private final float[] mean;
    private final float[] std;
    private final List<AttributeGroup> attributeGroups;

    /**
     * @param name           human-readable name, used in messages and provenance
     * @param channels       C (1 or 3)
     * @param height         H
     * @param width          W
     * @param pixels         count*C*H*W bytes, image-major then CHW
     * @param labels         count class indices in [0, classNames.size())
     * @param classNames     names of the classes
     * @param attributeNames names of binary attributes (may be empty)
     * @param attributes     count*attributeNames.size() values 0/1, image-major (may be empty when no attributes)
     * @param mean           per-channel mean in [0, 1], length C
     * @param std            per-channel std, length C, all positive
     */
    public ImageSet(String name, int channels, int height, int width, byte[] pixels, int[] labels,
                    List<String> classNames, List<String> attributeNames, byte[] attributes,
                    float[] mean, float[] std) {
        this.name = Objects.requireNonNull(name, "name");
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalArgumentException(name + ": image size must be positive, got "
                    + channels + "x" + height + "x" + width);
        }
        int imageBytes = channels * height * width;
        if (pixels.length % imageBytes != 0) {
            throw new IllegalArgumentException(name + ": pixel buffer of " + pixels.length
                    + " bytes is not a whole number of " + imageBytes + "-byte images");
        }
        this.count = pixels.length / imageBytes;
        if (labels.length != count) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + count + " images");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(name + ": label " + labels[i] + " of image " + i
                        + " outside [0, " + classNames.size() + ")");
            }
        }
        if (attributes.length != count * attributeNames.size()) {
            throw new IllegalArgumentException(name + ": " + attributes.length + " attribute values for "
                    + count + " images x " + attributeNames.size() + " attributes");
        }
        if (mean.length != channels || std.length != channels) {
            throw new IllegalArgumentException(name + ": mean/std must have " + channels + " entries");
        }
        for (float s : std) {
            if (!(s > 0)) {
                throw new IllegalArgumentException(name + ": std must be positive, got " + s);
            }
        }
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.pixels = pixels;
        this.labels = labels;
        this.classNames = List.copyOf(classNames);
        this.attributeNames = List.copyOf(attributeNames);
        this.attributes = attributes;
        this.mean = mean.clone();
        this.std = std.clone();
        this.attributeGroups = List.of();
    }

    private ImageSet(ImageSet base, List<AttributeGroup> groups) {
        this.name = base.name;
        this.count = base.count;
        this.channels = base.channels;
        this.height = base.height;
        this.width = base.width;
        this.pixels = base.pixels;
        this.labels = base.labels;
        this.classNames = base.classNames;
        this.attributeNames = base.attributeNames;
        this.attributes = base.attributes;
        this.mean = base.mean;
        this.std = base.std;
        this.attributeGroups = List.copyOf(groups);
    }

    /**
     * This set with attributes grouped into categorical factors (the shapes' colour from red..cyan, their position
     * from left_half and top_half), for per-factor analyses ({@link Factor}). The arrays are shared, not copied.
     *
     * @param groups the groups, each naming attributes of this set
     * @return this set with the groups
     * @throws IllegalArgumentException when a group names an attribute this set does not have, or two groups share one
     */
    public ImageSet withAttributeGroups(List<AttributeGroup> groups) {
        Set<String> seen = new HashSet<>();
        for (AttributeGroup g : groups) {
            for (String m : g.members()) {
                if (!attributeNames.contains(m) || !seen.add(m)) {
                    throw new IllegalArgumentException(name + ": attribute group " + g.name() + " names "
                            + (attributeNames.contains(m) ? "an attribute of another group: " : "no attribute of the set: ") + m);
                }
            }
        }
        return new ImageSet(this, groups);
    }

    /**
     * The images at the given indices, in that order, as a set of its own named {@code name}: pixels, labels and
     * attributes copied; class names, statistics and attribute groups kept (labels are not renumbered).
     *
     * @param indices the images, each in [0, count)
     * @param name    the new set's name
     * @return the new set
     * @throws IllegalArgumentException when an index is outside [0, count)
     */
    public ImageSet select(int[] indices, String name) {
        int bytes = imageBytes();
        int attrs = attributeNames.size();
        byte[] px = new byte[Math.multiplyExact(indices.length, bytes)];
        int[] lb = new int[indices.length];
        byte[] at = new byte[indices.length * attrs];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= count) {
                throw new IllegalArgumentException(this.name + ": image " + i + " outside [0, " + count + ")");
            }
            System.arraycopy(pixels, i * bytes, px, k * bytes, bytes);
            lb[k] = labels[i];
            System.arraycopy(attributes, i * attrs, at, k * attrs, attrs);
        }
        ImageSet out = new ImageSet(name, channels, height, width, px, lb, classNames, attributeNames, at, mean, std);
        return attributeGroups.isEmpty() ? out : new ImageSet(out, attributeGroups);
    }

    /** @return the attribute groups ({@link #withAttributeGroups}); empty unless set */
    public List<AttributeGroup> attributeGroups() { return attributeGroups; }

    /** @return the set's name, used in messages and provenance */
    public String name() { return name; }

    /** @return the number of images */
    public int count() { return count; }

    /** @return C, the channels of an image */
    public int channels() { return channels; }

    /** @return H, the height of an image */
    public int height() { return height; }

    /** @return W, the width of an image */
    public int width() { return width; }

    /** @return C x H x W, the bytes of one image */
    public int imageBytes() { return channels * height * width; }

    /** @return the backing pixel buffer, image-major then CHW (not copied: do not modify) */
    public byte[] pixels() { return pixels; }

    /**
     * @param i an image's index
     * @return its class label, an index into {@link #classNames()}
     */
    public int label(int i) { return labels[i]; }

    /** @return the backing label array (not copied: do not modify) */
    public int[] labels() { return labels; }

    /** @return the names of the classes */
    public List<String> classNames() { return classNames; }

    /**
     * @return the class labels that occur in this set, ascending: all of {@link #classNames()}'s indices for a full
     *         split, only the kept ones for a class subset (labels are not renumbered by {@link #select}); empty without
     *         classes
     */
    public List<Integer> presentClasses() {
        if (classNames.isEmpty()) {
            return List.of();
        }
        BitSet seen = new BitSet(classNames.size());
        for (int l : labels) {
            seen.set(l);
        }
        return seen.stream().boxed().toList();
    }
    /** @return the names of the binary attributes (may be empty) */
    public List<String> attributeNames() { return attributeNames; }

    /**
     * @param i an image's index
     * @param a an attribute's index into {@link #attributeNames()}
     * @return attribute {@code a} of image {@code i}: 0 or 1
     */
    public int attribute(int i, int a) { return attributes[i * attributeNames.size() + a]; }

    /** @return the per-channel mean in [0, 1] the networks normalize their input with (a copy) */
    public float[] mean() { return mean.clone(); }

    /** @return the per-channel standard deviation the networks normalize their input with (a copy) */
    public float[] std() { return std.clone(); }

    /**
     * @param i an image's index
     * @param c a channel
     * @param y a row
     * @param x a column
     * @return the pixel value (0..255) of image {@code i} at channel c, row y, column x
     */
    public int pixel(int i, int c, int y, int x) {
        return pixels[i * imageBytes() + (c * height + y) * width + x] & 0xff;
    }
}

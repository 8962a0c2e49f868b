package clel.data.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The benchmark data sets the readers of this package support, with the per-channel mean/std in [0, 1] that
 * the networks normalize their input with (the paper's public code normalizes inside the network).
 *
 * <p>Where the statistics come from:
 * <ul>
 *   <li>CIFAR-10: the public code's values, mean (0.4914, 0.4822, 0.4465), std (0.2470, 0.2435, 0.2616).</li>
 *   <li>CIFAR-10 interpolation: CIFAR-10's values (it is an OOD set scored by CIFAR-10 models).</li>
 *   <li>CIFAR-100, SVHN, MNIST, Fashion-MNIST: the standard published values computed over each training set
 *       (CIFAR-100 mean (0.5071, 0.4865, 0.4409) std (0.2673, 0.2564, 0.2762); SVHN mean (0.4377, 0.4438,
 *       0.4728) std (0.1980, 0.2010, 0.1970); MNIST 0.1307 / 0.3081; Fashion-MNIST 0.2860 / 0.3530).
 *       For the 3x32x32 padded layout of MNIST/Fashion-MNIST the reader derives padded values from these
 *       (see {@link IdxReader}).</li>
 *   <li>ImageNet 32x32: the standard ImageNet values mean (0.485, 0.456, 0.406) std (0.229, 0.224, 0.225).</li>
 *   <li>CelebA, DTD textures and any other ImageFolder: computed from the images read
 *       ({@link #hasPublishedStats()} is false).</li>
 * </ul>
 */
public enum DataSetName {
    CIFAR10("cifar10", 3, 32, 10, new float[] {0.4914f, 0.4822f, 0.4465f}, new float[] {0.2470f, 0.2435f, 0.2616f}),
    CIFAR100("cifar100", 3, 32, 100, new float[] {0.5071f, 0.4865f, 0.4409f}, new float[] {0.2673f, 0.2564f, 0.2762f}),
    SVHN("svhn", 3, 32, 10, new float[] {0.4377f, 0.4438f, 0.4728f}, new float[] {0.1980f, 0.2010f, 0.1970f}),
    MNIST("mnist", 1, 28, 10, new float[] {0.1307f}, new float[] {0.3081f}),
    FASHION_MNIST("fashion_mnist", 1, 28, 10, new float[] {0.2860f}, new float[] {0.3530f}),
    CELEBA("celeba", 3, 64, 1, null, null),
    CIFAR10_INTERP("cifar10_interp", 3, 32, 1, CIFAR10.mean, CIFAR10.std),
    TEXTURES("textures", 3, 32, 47, null, null),
    IMAGENET32("imagenet32", 3, 32, 1000, new float[] {0.485f, 0.456f, 0.406f}, new float[] {0.229f, 0.224f, 0.225f}),
    IMAGE_FOLDER("folder", 3, 32, 0, null, null);

    private final String configName;
    private final int channels;
    private final int size;
    private final int classes;
    private final float[] mean;
    private final float[] std;

    DataSetName(String configName, int channels, int size, int classes, float[] mean, float[] std) {
        this.configName = configName;
        this.channels = channels;
        this.size = size;
        this.classes = classes;
        this.mean = mean;
        this.std = std;
    }

    /** The name used in configs ({@code data.name}), e.g. "cifar10", "fashion_mnist". */
    public String configName() { return configName; }

    /** Channels C of the images as stored by the publisher. */
    public int channels() { return channels; }

    /** Native side length H = W of the images as read (CelebA: after crop and resize to 64). */
    public int nativeSize() { return size; }

    /** Number of classes (0 for a generic ImageFolder, where it depends on the folder). */
    public int classes() { return classes; }

    /** Whether mean/std are fixed published values; false when they are computed from the images read. */
    public boolean hasPublishedStats() { return mean != null; }

    /** Per-channel mean in [0, 1], length {@link #channels()}. */
    public float[] mean() {
        if (mean == null) {
            throw new IllegalStateException(configName + ": mean/std are computed from the data, not published");
        }
        return mean.clone();
    }

    /** Per-channel std in [0, 1], length {@link #channels()}. */
    public float[] std() {
        if (std == null) {
            throw new IllegalStateException(configName + ": mean/std are computed from the data, not published");
        }
        return std.clone();
    }

    /**
     * The data set for a config name, ignoring case, '-' and '_' ("CIFAR-10", "fashion-mnist", "dtd" for
     * textures, "imagefolder" for a folder).
     *
     * @throws IllegalArgumentException naming the valid choices
     */
    public static DataSetName parse(String text) {
        String key = text.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
        switch (key) {
            case "dtd": return TEXTURES;
            case "imagefolder": return IMAGE_FOLDER;
            case "fmnist": return FASHION_MNIST;
            case "cifar10interpolation": return CIFAR10_INTERP;
            default: break;
        }
        List<String> names = new ArrayList<>();
        for (DataSetName d : values()) {
            if (d.configName.replace("_", "").equals(key)) {
                return d;
            }
            names.add(d.configName);
        }
        throw new IllegalArgumentException("unknown data set name '" + text + "': expected one of " + names);
    }
}

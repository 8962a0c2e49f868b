package clel.data;

import java.util.Locale;

/**
 * Which part of a benchmark data set to read: the training images or the held-out test images. A data concept that the
 * configuration ({@code eval.reference_split}) and the file readers of {@code clel.data.format} both name.
 */
public enum DataSplit {
    /** The training images. */
    TRAIN,
    /** The held-out test images. */
    TEST;

    /** @return the lower-case name as used in file names and configs ("train", "test") */
    public String folderName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the configuration key, "train" or "test" */
    @Override
    public String toString() {
        return folderName();
    }
}

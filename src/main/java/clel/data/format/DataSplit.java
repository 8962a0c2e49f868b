package clel.data.format;

import java.util.Locale;

/** Which part of a benchmark data set to read: the training images or the held-out test images. */
public enum DataSplit {
    TRAIN,
    TEST;

    /** Lower-case name as used in file names and configs ("train", "test"). */
    public String folderName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The configuration key, "train" or "test". */
    @Override
    public String toString() {
        return folderName();
    }
}

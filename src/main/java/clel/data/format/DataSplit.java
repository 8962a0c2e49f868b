package clel.data.format;

/** Which part of a benchmark data set to read: the training images or the held-out test images. */
public enum DataSplit {
    TRAIN,
    TEST;

    /** Lower-case name as used in file names and configs ("train", "test"). */
    public String folderName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** The configuration key, "train" or "test". */
    @Override
    public String toString() {
        return folderName();
    }
}

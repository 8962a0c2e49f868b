package clel.data.sets;

import clel.data.download.DownloadSource;
import clel.data.format.ChannelStats;
import java.util.List;
import java.util.Optional;

/**
 * MNIST handwritten digits (LeCun et al., 1998): 28x28 gray images of 10 digits, 60,000 train and 10,000 test, in
 * IDX files ({@link IdxDataSet}).
 *
 * <p>Statistics: the standard published values computed over the training set, mean 0.1307, std 0.3081 (the
 * reader derives the values of the padded 3x32x32 layout from these).
 *
 * <p>Download: digests from {@code torchvision/datasets/mnist.py} ({@code MNIST.resources}); URL is torchvision's
 * https mirror {@code https://ossci-datasets.s3.amazonaws.com/mnist/} (its other mirror, yann.lecun.com, is plain
 * http and often unavailable).
 */
public final class Mnist extends IdxDataSet {
    /** The published mean/std of the gray images. */
    public static final ChannelStats STATS = ChannelStats.published(new float[] {0.1307f}, new float[] {0.3081f});
    /** The class names: the digits "0".."9". */
    public static final List<String> CLASS_NAMES = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");

    private static final String BASE = "https://ossci-datasets.s3.amazonaws.com/mnist/";

    public Mnist() {
        super("mnist", List.of(), "MNIST", CLASS_NAMES, Optional.of(STATS), List.of(
                new DownloadSource("train-images-idx3-ubyte.gz", BASE + "train-images-idx3-ubyte.gz",
                        "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
                new DownloadSource("train-labels-idx1-ubyte.gz", BASE + "train-labels-idx1-ubyte.gz",
                        "d53e105ee54ea40749a09fcbcd1e9432"),
                new DownloadSource("t10k-images-idx3-ubyte.gz", BASE + "t10k-images-idx3-ubyte.gz",
                        "9fb629c4189551a2d022fa330f9573f3"),
                new DownloadSource("t10k-labels-idx1-ubyte.gz", BASE + "t10k-labels-idx1-ubyte.gz",
                        "ec29112dd5afa0611ce80d1b7f02629c")));
    }
}

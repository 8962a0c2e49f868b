package clel.data.sets;

import clel.data.download.DownloadSource;
import clel.data.format.ChannelStats;
import java.util.List;
import java.util.Optional;

/**
 * Fashion-MNIST (Xiao et al., 2017): 28x28 gray images of 10 clothing classes, 60,000 train and 10,000 test, in
 * IDX files ({@link IdxDataSet}).
 *
 * <p>Statistics: the standard published values computed over the training set, mean 0.2860, std 0.3530 (the
 * reader derives the values of the padded 3x32x32 layout from these).
 *
 * <p>Download: digests from {@code torchvision/datasets/mnist.py} ({@code FashionMNIST.resources}, the same
 * digests as the publisher's README); URL is the publisher's repository
 * {@code https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/} (torchvision's
 * mirror, fashion-mnist.s3-website.eu-central-1.amazonaws.com, is plain http).
 */
public final class FashionMnist extends IdxDataSet {
    /** The published mean/std of the gray images. */
    public static final ChannelStats STATS = ChannelStats.published(new float[] {0.2860f}, new float[] {0.3530f});
    /** The class names, in label order. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    private static final String BASE =
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/";

    public FashionMnist() {
        super("fashion_mnist", List.of("fmnist"), "FashionMNIST", CLASS_NAMES, Optional.of(STATS), List.of(
                new DownloadSource("train-images-idx3-ubyte.gz", BASE + "train-images-idx3-ubyte.gz",
                        "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
                new DownloadSource("train-labels-idx1-ubyte.gz", BASE + "train-labels-idx1-ubyte.gz",
                        "25c81989df183df01b3e8a0aad5dffbe"),
                new DownloadSource("t10k-images-idx3-ubyte.gz", BASE + "t10k-images-idx3-ubyte.gz",
                        "bef4ecab320f06d8554ea6380940ec79"),
                new DownloadSource("t10k-labels-idx1-ubyte.gz", BASE + "t10k-labels-idx1-ubyte.gz",
                        "bb300cfdad3c16e7a12a480ee83cd310")));
    }
}

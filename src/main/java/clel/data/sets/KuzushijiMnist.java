package clel.data.sets;

import clel.data.download.DownloadSource;
import java.util.List;
import java.util.Optional;

/**
 * Kuzushiji-MNIST (Clanuwat et al., 2018, arXiv:1812.01718; https://github.com/rois-codh/kmnist): 28x28 gray
 * images of 10 cursive Hiragana characters, 60,000 train and 10,000 test, a drop-in replacement for MNIST in its
 * IDX format ({@link IdxDataSet}). Class names are torchvision's romanizations ({@code KMNIST.classes}).
 *
 * <p>Statistics: computed from the images read; no published mean/std was found in a citable source (the
 * publisher's README and torchvision give none).
 *
 * <p>Download: file names and MD5 digests from {@code torchvision/datasets/mnist.py} ({@code KMNIST.resources}).
 * torchvision's only mirror ({@code KMNIST.mirrors}) and the publisher's README link the files over plain http
 * ({@code http://codh.rois.ac.jp/kmnist/dataset/kmnist/}); this uses the same host over https, as independent
 * loaders do (e.g. {@code lib/torchvision/datasets/kmnist.rb} of ankane/torchvision-ruby). The https address was
 * not fetched from here (no network); the digests are checked on every download either way.
 */
public final class KuzushijiMnist extends IdxDataSet {
    /** The class names, in label order. */
    public static final List<String> CLASS_NAMES = List.of("o", "ki", "su", "tsu", "na", "ha", "ma", "ya", "re", "wo");

    private static final String BASE = "https://codh.rois.ac.jp/kmnist/dataset/kmnist/";

    public KuzushijiMnist() {
        super("kmnist", List.of("kuzushiji_mnist"), "KMNIST", CLASS_NAMES, Optional.empty(), List.of(
                new DownloadSource("train-images-idx3-ubyte.gz", BASE + "train-images-idx3-ubyte.gz",
                        "bdb82020997e1d708af4cf47b453dcf7"),
                new DownloadSource("train-labels-idx1-ubyte.gz", BASE + "train-labels-idx1-ubyte.gz",
                        "e144d726b3acfaa3e44228e80efcd344"),
                new DownloadSource("t10k-images-idx3-ubyte.gz", BASE + "t10k-images-idx3-ubyte.gz",
                        "5c965bf0a639b31b8f53240b1b52f4d7"),
                new DownloadSource("t10k-labels-idx1-ubyte.gz", BASE + "t10k-labels-idx1-ubyte.gz",
                        "7320c461ea6c1c855c0b718fb2a4b134")));
    }
}

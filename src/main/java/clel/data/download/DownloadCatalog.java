package clel.data.download;

import clel.data.format.DataSetName;
import clel.data.format.DataSplit;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical public files of each benchmark, with the MD5 digests they are verified against.
 *
 * <p>Where the values come from (every digest was checked against the cited source before it was committed):
 * <ul>
 *   <li>CIFAR-10 / CIFAR-100 binary releases: the MD5 table of the publisher's page
 *       https://www.cs.toronto.edu/~kriz/cifar.html (binary versions c32a1d4a... and 03b5dce0...). torchvision
 *       ({@code torchvision/datasets/cifar.py}) only downloads the python-pickle releases, so these two values
 *       were confirmed instead in the page's MD5 table as quoted in public repositories and in several
 *       independent loaders of the binary release (Python, Rust, C++, Go). The sizes 170,052,171 and
 *       168,513,733 bytes were likewise seen in several independent sources.</li>
 *   <li>SVHN {@code train_32x32.mat} / {@code test_32x32.mat}: {@code torchvision/datasets/svhn.py}
 *       ({@code split_list}); the files are served by the publisher at ufldl.stanford.edu (https used here).</li>
 *   <li>MNIST: {@code torchvision/datasets/mnist.py} ({@code MNIST.resources}); URL is torchvision's https
 *       mirror {@code https://ossci-datasets.s3.amazonaws.com/mnist/} (its other mirror, yann.lecun.com, is
 *       plain http and often unavailable).</li>
 *   <li>Fashion-MNIST: {@code torchvision/datasets/mnist.py} ({@code FashionMNIST.resources}, the same digests as
 *       the publisher's README); URL is the publisher's repository
 *       {@code https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/}
 *       (torchvision's mirror, fashion-mnist.s3-website.eu-central-1.amazonaws.com, is plain http).</li>
 *   <li>DTD textures: {@code torchvision/datasets/dtd.py} ({@code _URL}, {@code _MD5}); the tarball is unpacked
 *       by {@link DataDownloader}.</li>
 * </ul>
 * CelebA (Google Drive, no stable direct URL), ImageNet 32x32 (registration required) and generic folders have
 * no canonical download: their lists are empty.
 */
public final class DownloadCatalog {
    /** File name of the CIFAR-10 binary release. */
    public static final String CIFAR10_ARCHIVE = "cifar-10-binary.tar.gz";
    /** File name of the CIFAR-100 binary release. */
    public static final String CIFAR100_ARCHIVE = "cifar-100-binary.tar.gz";
    /** File name of the DTD release (images, labels and imdb in one tarball). */
    public static final String DTD_ARCHIVE = "dtd-r1.0.1.tar.gz";

    private static final DownloadSource CIFAR10 = new DownloadSource(CIFAR10_ARCHIVE,
            "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz", "c32a1d4ab5d03f1284b67883e8d87530", 170_052_171L);
    private static final DownloadSource CIFAR100 = new DownloadSource(CIFAR100_ARCHIVE,
            "https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz", "03b5dce01913d631647c71ecec9e9cb8", 168_513_733L);

    private static final DownloadSource SVHN_TRAIN = new DownloadSource("train_32x32.mat",
            "https://ufldl.stanford.edu/housenumbers/train_32x32.mat", "e26dedcc434d2e4c54c9b2d4a06d8373");
    private static final DownloadSource SVHN_TEST = new DownloadSource("test_32x32.mat",
            "https://ufldl.stanford.edu/housenumbers/test_32x32.mat", "eb5a983be6a315427106f1b164d9cef3");

    private static final String MNIST_BASE = "https://ossci-datasets.s3.amazonaws.com/mnist/";
    private static final List<DownloadSource> MNIST_TRAIN = List.of(
            new DownloadSource("train-images-idx3-ubyte.gz", MNIST_BASE + "train-images-idx3-ubyte.gz",
                    "f68b3c2dcbeaaa9fbdd348bbdeb94873"),
            new DownloadSource("train-labels-idx1-ubyte.gz", MNIST_BASE + "train-labels-idx1-ubyte.gz",
                    "d53e105ee54ea40749a09fcbcd1e9432"));
    private static final List<DownloadSource> MNIST_TEST = List.of(
            new DownloadSource("t10k-images-idx3-ubyte.gz", MNIST_BASE + "t10k-images-idx3-ubyte.gz",
                    "9fb629c4189551a2d022fa330f9573f3"),
            new DownloadSource("t10k-labels-idx1-ubyte.gz", MNIST_BASE + "t10k-labels-idx1-ubyte.gz",
                    "ec29112dd5afa0611ce80d1b7f02629c"));

    private static final String FASHION_BASE =
            "https://raw.githubusercontent.com/zalandoresearch/fashion-mnist/master/data/fashion/";
    private static final List<DownloadSource> FASHION_TRAIN = List.of(
            new DownloadSource("train-images-idx3-ubyte.gz", FASHION_BASE + "train-images-idx3-ubyte.gz",
                    "8d4fb7e6c68d591d4c3dfef9ec88bf0d"),
            new DownloadSource("train-labels-idx1-ubyte.gz", FASHION_BASE + "train-labels-idx1-ubyte.gz",
                    "25c81989df183df01b3e8a0aad5dffbe"));
    private static final List<DownloadSource> FASHION_TEST = List.of(
            new DownloadSource("t10k-images-idx3-ubyte.gz", FASHION_BASE + "t10k-images-idx3-ubyte.gz",
                    "bef4ecab320f06d8554ea6380940ec79"),
            new DownloadSource("t10k-labels-idx1-ubyte.gz", FASHION_BASE + "t10k-labels-idx1-ubyte.gz",
                    "bb300cfdad3c16e7a12a480ee83cd310"));

    private static final DownloadSource DTD = new DownloadSource(DTD_ARCHIVE,
            "https://www.robots.ox.ac.uk/~vgg/data/dtd/download/dtd-r1.0.1.tar.gz", "fff73e5086ae6bdbea199a49dfb8a4c1");

    private DownloadCatalog() {
    }

    /** All canonical files of a data set (both splits); empty where there is no canonical public URL. */
    public static List<DownloadSource> sources(DataSetName name) {
        List<DownloadSource> all = new ArrayList<>(sources(name, DataSplit.TRAIN));
        for (DownloadSource s : sources(name, DataSplit.TEST)) {
            if (!all.contains(s)) {
                all.add(s);
            }
        }
        return List.copyOf(all);
    }

    /**
     * The canonical files needed to read one split (for archives holding both splits, the archive); empty where
     * there is no canonical public URL. CIFAR-10 interpolation is built from the CIFAR-10 release.
     */
    public static List<DownloadSource> sources(DataSetName name, DataSplit split) {
        boolean train = split == DataSplit.TRAIN;
        return switch (name) {
            case CIFAR10, CIFAR10_INTERP -> List.of(CIFAR10);
            case CIFAR100 -> List.of(CIFAR100);
            case SVHN -> List.of(train ? SVHN_TRAIN : SVHN_TEST);
            case MNIST -> train ? MNIST_TRAIN : MNIST_TEST;
            case FASHION_MNIST -> train ? FASHION_TRAIN : FASHION_TEST;
            case TEXTURES -> List.of(DTD);
            case CELEBA, IMAGENET32, IMAGE_FOLDER -> List.of();
        };
    }
}

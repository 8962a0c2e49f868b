package clel.data.sets;

import clel.config.DataConfig;
import clel.data.DataSplit;
import clel.data.download.DownloadSource;
import clel.data.format.ChannelStats;
import clel.data.format.Cifar10Interpolation;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The paper's "CIFAR10 Interp." out-of-distribution set ({@link Cifar10Interpolation}), built from the CIFAR-10
 * binary release's test split whatever split is asked for; its files and download are CIFAR-10's
 * ({@link Cifar10}).
 *
 * <p>Statistics: CIFAR-10's values (it is an OOD set scored by CIFAR-10 models).
 */
public final class Cifar10InterpolationSet implements DataSetDefinition {
    private final Cifar10 cifar10 = new Cifar10();

    @Override public String configName() { return "cifar10_interp"; }
    @Override public List<String> aliases() { return List.of("cifar10_interpolation"); }
    @Override public int channels() { return 3; }
    @Override public int nativeSize() { return 32; }
    @Override public int classes() { return 1; }
    @Override public Optional<ChannelStats> publishedStats() { return Optional.of(Cifar10.STATS); }
    @Override public boolean hasTrainAndTestSplits() { return false; }

    @Override
    public List<DownloadSource> sources(DataSplit split) {
        return cifar10.sources(split);
    }

    @Override
    public List<String> missing(Path root, List<DataSplit> splits) {
        return cifar10.missing(root, splits);
    }

    @Override
    public boolean readsDownloadedFileAsRoot() {
        return cifar10.readsDownloadedFileAsRoot();
    }

    @Override
    public LoadedSplit read(Path root, DataSplit split, DataConfig config, int imageSize) throws IOException {
        return LoadedSplit.of(Cifar10Interpolation.read(root, Cifar10.STATS));
    }
}

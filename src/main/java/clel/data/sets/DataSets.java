package clel.data.sets;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The registry of benchmark data sets: one line per data set in {@link #all()}, in the order they are listed to
 * the user. Adding a data set is its own {@link DataSetDefinition} class plus its line here.
 */
public final class DataSets {
    private static final List<DataSetDefinition> ALL = List.of(
            new Cifar10(),
            new Cifar100(),
            new Svhn(),
            new Mnist(),
            new FashionMnist(),
            new KuzushijiMnist(),
            new CelebA(),
            new Cifar10InterpolationSet(),
            new Textures(),
            new ImageNet32(),
            new ImageFolder());

    private DataSets() {
    }

    /** Every registered data set, in the order they are listed to the user. */
    public static List<DataSetDefinition> all() {
        return ALL;
    }

    /** The config names of all data sets, e.g. [cifar10, cifar100, ...]. */
    public static List<String> configNames() {
        List<String> names = new ArrayList<>();
        for (DataSetDefinition d : ALL) {
            names.add(d.configName());
        }
        return List.copyOf(names);
    }

    /**
     * The data set for a config name or alias, ignoring case, '-' and '_' ("CIFAR-10", "fashion-mnist", "dtd"
     * for textures, "imagefolder" for a folder); empty when there is none.
     */
    public static Optional<DataSetDefinition> find(String text) {
        String key = key(text);
        for (DataSetDefinition d : ALL) {
            if (key(d.configName()).equals(key) || d.aliases().stream().anyMatch(a -> key(a).equals(key))) {
                return Optional.of(d);
            }
        }
        return Optional.empty();
    }

    /**
     * The data set for a config name or alias, as {@link #find}.
     *
     * @throws IllegalArgumentException naming the valid choices
     */
    public static DataSetDefinition parse(String text) {
        return find(text).orElseThrow(() -> new IllegalArgumentException("unknown data set name '" + text
                + "': expected one of " + configNames()));
    }

    /** A name as compared: trimmed, lower case, without '-' and '_'. */
    static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}

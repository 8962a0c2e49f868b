package clel.run;

import java.util.List;

/**
 * The kinds of entry a clel zip container (a training checkpoint or a classifier file) may hold, known by the ending
 * of the entry's name, each with the largest size it may inflate to. Descriptions (properties) and the configuration
 * (YAML) are small and read when the file is opened; state (network parameters, optimizer state, the replay buffer) is
 * read only when a reader asks for it, with the size the reader expects from the model it loads into
 * ({@link Checkpoint#require(String, java.nio.file.Path, long)}).
 */
public enum EntryKind {
    /** meta.properties, classifier.properties: at most 64 KiB. */
    PROPERTIES(".properties", 64 * 1024),
    /** config.yaml: at most 1 MiB (clel.config.SafeYaml#MAX_BYTES). */
    YAML(".yaml", clel.config.SafeYaml.MAX_BYTES),
    /** Network parameters (.params), optimizer state (.ndlist) and the replay buffer (.bin): at most a Java array. */
    STATE(null, Integer.MAX_VALUE - 8);

    private static final List<String> STATE_ENDINGS = List.of(".params", ".ndlist", ".bin");

    private final String ending;
    private final long maxBytes;

    EntryKind(String ending, long maxBytes) {
        this.ending = ending;
        this.maxBytes = maxBytes;
    }

    /** The most bytes an entry of this kind may inflate to. */
    public long maxBytes() {
        return maxBytes;
    }

    /** True for the small kinds, read when the file is opened. */
    public boolean readAtOnce() {
        return this != STATE;
    }

    /** The kind of an entry named {@code name}, or null when clel writes no such entry (or the name has a folder). */
    public static EntryKind of(String name) {
        if (name.isEmpty() || name.length() > 100 || name.contains("/") || name.contains("\\")) {
            return null;
        }
        for (EntryKind k : values()) {
            if (k.ending != null && name.endsWith(k.ending)) {
                return k;
            }
        }
        return STATE_ENDINGS.stream().anyMatch(name::endsWith) ? STATE : null;
    }
}

package clel.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Builds a {@link ClelConfig} in layers: the paper's CIFAR-10 base settings ({@code defaults.yaml}) with every
 * registered encoder objective's own settings at their defaults ({@link EncoderObjectiveDefinition#defaultSettings}),
 * then a preset or a user YAML file (which may name a preset to start from with {@code extends: NAME}), then
 * {@code key.path=value} overrides. Every value ends up validated by the records. The presets are the YAML files of the
 * resource folder {@code clel/presets} ({@link #presets}).
 */
public final class ConfigLoader {
    /** The key with which a preset or YAML file names the preset it starts from. */
    private static final String EXTENDS = "extends";
    /** The setting a validation message starts with ("model.head_hidden must be ..."). */
    private static final Pattern LEADING_KEY = Pattern.compile("[a-z0-9_]+(\\.[a-z0-9_]+)*");

    private ConfigLoader() {
    }

    /**
     * The presets shipped with the tool: the names of the YAML files in the resource folder {@code clel/presets} but
     * {@code defaults.yaml} (the layer under every configuration), listed once, sorted. A new preset is a new file there.
     *
     * @return the preset names, e.g. "tiny"
     */
    public static List<String> presets() {
        return PresetFiles.names();
    }

    /**
     * The configuration a preset or YAML file and overrides describe, as {@code clel train} builds it.
     *
     * @param presetOrFile a preset name, a path to a YAML file, or null for the "tiny" preset
     * @param overrides    "key.path=value" strings applied last
     * @return the validated configuration
     * @throws IOException when the YAML file cannot be read
     * @throws ConfigException naming the setting when a key is unknown or a value invalid
     */
    public static ClelConfig load(String presetOrFile, List<String> overrides) throws IOException {
        return loadDescribed(presetOrFile, overrides).config();
    }

    /**
     * A configuration with the origin of every setting, and the notices its sources gave.
     *
     * @param config  the validated configuration
     * @param origins key path to where its value came from (defaults.yaml, a preset, a file, a key of the public
     *                code's file, an override)
     * @param notices one-line remarks on accepted keys that have no effect here
     */
    public record Loaded(ClelConfig config, Map<String, String> origins, List<String> notices) {
        /** @return every setting as "key.path: value  # origin", one a line, in the configuration's order */
        public String describe() {
            StringBuilder b = new StringBuilder();
            describe(RecordBinder.toTree(config), "", b);
            return b.toString();
        }

        @SuppressWarnings("unchecked")
        private void describe(Map<String, Object> tree, String prefix, StringBuilder b) {
            for (Map.Entry<String, Object> e : tree.entrySet()) {
                String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
                if (e.getValue() instanceof Map<?, ?> m) {
                    describe((Map<String, Object>) m, key, b);
                } else {
                    String value = e.getValue() instanceof String str ? "\"" + str + "\"" : String.valueOf(e.getValue());
                    b.append(String.format(Locale.ROOT, "%-32s %-24s # %s%n", key + ":", value,
                            origins.getOrDefault(key, "defaults.yaml")));
                }
            }
        }
    }

    /**
     * As {@link #load}, keeping where each setting came from (see {@code clel train --print-config}).
     *
     * @param presetOrFile a preset name, a path to a YAML file, or null for the "tiny" preset
     * @param overrides    "key.path=value" strings applied last
     * @return the validated configuration, the origin of each setting and the notices
     * @throws IOException when the YAML file cannot be read
     * @throws ConfigException naming the setting when a key is unknown or a value invalid
     */
    public static Loaded loadDescribed(String presetOrFile, List<String> overrides) throws IOException {
        Map<String, String> origins = new LinkedHashMap<>();
        Map<String, Object> tree = base(origins);
        List<String> notices = new ArrayList<>();
        String source = presetOrFile == null ? "tiny" : presetOrFile;
        boolean publicCode = false;
        if (presets().contains(source)) {
            layerPreset(tree, source, "preset " + source, origins);
        } else {
            Path file = Path.of(source);
            if (!Files.isRegularFile(file)) {
                throw new ConfigException("'" + source + "' is neither a preset (" + String.join(", ", presets())
                        + ") nor a readable YAML file");
            }
            Map<String, Object> user = SafeYaml.readMap(file);
            if (PublicCodeConfig.looksLike(user)) {
                // the public code's semantics start from the paper's base model with its kornia colour jitter
                publicCode = true;
                layer(tree, PresetFiles.read(PUBLIC_CODE_BASE), "preset " + PUBLIC_CODE_BASE + " (base of a public-code file)",
                        origins);
                PublicCodeConfig.Translation t = PublicCodeConfig.translate(user, file.toString());
                merge(tree, t.settings());
                origins.putAll(t.origins());
                notices.addAll(t.notices());
            } else {
                FormerKeys.rename(user, file.toString(), notices);
                Object base = user.remove(EXTENDS);
                if (base != null) {
                    if (!presets().contains(String.valueOf(base))) {
                        throw new ConfigException(file + ": extends: unknown preset '" + base + "'; valid: "
                                + String.join(", ", presets()));
                    }
                    layerPreset(tree, String.valueOf(base), "preset " + base + " (extended by " + file + ")", origins);
                }
                layer(tree, user, file.toString(), origins);
            }
        }
        for (String given : overrides) {
            int eq = given.indexOf('=');
            String key = eq > 0 ? given.substring(0, eq).trim() : "";
            String o = given;
            if (publicCode && PublicCodeConfig.isTheirKey(key)) {
                PublicCodeConfig.Translation t = new PublicCodeConfig.Translation(new LinkedHashMap<>(),
                        new LinkedHashMap<>(), new ArrayList<>());
                PublicCodeConfig.apply(t, key, yamlValue(o.substring(eq + 1)), "override " + o);
                merge(tree, t.settings());
                origins.putAll(t.origins());
                notices.addAll(t.notices());
            } else {
                String current = FormerKeys.all().get(key);
                if (current != null) {
                    notices.add("override " + given + ": " + FormerKeys.notice(key, current));
                    key = current;
                    o = current + given.substring(eq);
                }
                applyOverride(tree, o);
                origins.put(key, "override " + given);
            }
        }
        try {
            return new Loaded(RecordBinder.bind(ClelConfig.class, tree, ""), origins, notices);
        } catch (ConfigException e) {
            throw inUserFile(e, origins, presets().contains(source) ? null : Path.of(source));
        }
    }

    /**
     * A setting refused by validation, named with the file that set it when that is the user's file: the message
     * starts with the setting's key (e.g. "model.head_hidden must be ..."), whose origin says where it came from.
     */
    private static ConfigException inUserFile(ConfigException e, Map<String, String> origins, Path userFile) {
        Matcher key = LEADING_KEY.matcher(e.getMessage());
        if (userFile == null || !key.lookingAt() || !userFile.toString().equals(origins.get(key.group()))) {
            return e;
        }
        return new ConfigException(userFile + ": " + e.getMessage());
    }

    /**
     * The layer under every configuration: defaults.yaml, and section encoder_objectives with each registered objective's
     * own settings at their defaults (their origins recorded in {@code origins}, when given).
     */
    private static Map<String, Object> base(Map<String, String> origins) {
        Map<String, Object> tree = PresetFiles.read(PresetFiles.BASE);
        Map<String, Object> objectives = new LinkedHashMap<>();
        EncoderObjectiveSettings.defaultsByObjective().forEach((key, settings) -> {
            Map<String, Object> section = RecordBinder.toTree(settings);
            objectives.put(key, section);
            if (origins != null) {
                leaves(Map.of(key, section), EncoderObjectiveSettings.SECTION, origins,
                        "default of encoder objective " + key);
            }
        });
        merge(tree, Map.of(EncoderObjectiveSettings.SECTION, objectives));
        return tree;
    }

    /**
     * The paper's CIFAR-10 base settings alone: defaults.yaml, the layer under every preset and file, with the encoder
     * objectives' settings at their defaults. For a section's defaults where no run is configured (e.g. the loss section
     * of {@code clel info}).
     *
     * @return the validated configuration
     */
    public static ClelConfig defaults() {
        return RecordBinder.bind(ClelConfig.class, base(null), "");
    }

    /**
     * The encoder objectives' settings (section encoder_objectives) at their defaults with {@code overrides}, each
     * "encoder_objectives.KEY.NAME=value" (or a former key of such a setting, e.g. "model.mae_encoder=F.pt"), as
     * {@code clel info} takes them.
     *
     * @param overrides settings of the encoder_objectives section
     * @return the validated settings; {@link EncoderObjectiveSettings#check} is the caller's
     * @throws ConfigException naming the setting when an override is not one of that section's, or is invalid
     */
    public static EncoderObjectiveSettings encoderObjectiveSettings(List<String> overrides) {
        Map<String, Object> tree = base(null);
        String prefix = EncoderObjectiveSettings.SECTION + ".";
        for (String given : overrides) {
            int eq = given.indexOf('=');
            String key = eq > 0 ? given.substring(0, eq).trim() : "";
            String current = FormerKeys.all().getOrDefault(key, key);
            if (!current.startsWith(prefix)) {
                throw new ConfigException("'" + given + "' is not a setting of an encoder objective ("
                        + prefix + "OBJECTIVE.NAME=value)");
            }
            applyOverride(tree, current + given.substring(eq));
        }
        return RecordBinder.bindObjectiveSettings(tree.get(EncoderObjectiveSettings.SECTION),
                EncoderObjectiveSettings.SECTION);
    }

    /** Layers a preset, after the preset it extends if it names one (shapes-long extends tiny). */
    private static void layerPreset(Map<String, Object> tree, String name, String origin, Map<String, String> origins) {
        Map<String, Object> preset = PresetFiles.read(name);
        FormerKeys.rename(preset, "preset " + name, null);
        Object base = preset.remove(EXTENDS);
        if (base != null) {
            layerPreset(tree, String.valueOf(base), "preset " + base + " (extended by preset " + name + ")", origins);
        }
        layer(tree, preset, origin, origins);
    }

    /** The preset a public-code configuration file starts from. */
    private static final String PUBLIC_CODE_BASE = "cifar10-base";

    /** Merges a layer and records its leaves' origin. */
    private static void layer(Map<String, Object> tree, Map<String, Object> overlay, String origin, Map<String, String> origins) {
        merge(tree, overlay);
        leaves(overlay, "", origins, origin);
    }

    @SuppressWarnings("unchecked")
    private static void leaves(Map<String, Object> tree, String prefix, Map<String, String> origins, String origin) {
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue() instanceof Map<?, ?> m) {
                leaves((Map<String, Object>) m, key, origins, origin);
            } else {
                origins.put(key, origin);
            }
        }
    }

    /**
     * Parses a configuration stored in a checkpoint, as bounded YAML ({@link SafeYaml}) validated by the same records
     * as a user's configuration. It is laid over the defaults, so a checkpoint written before a setting existed loads
     * with that setting's default, and a setting stored under a former key is read under its current one.
     *
     * @param yaml   the stored configuration (untrusted)
     * @param source names the configuration in errors (e.g. the checkpoint file and its entry)
     * @return the validated configuration
     * @throws ConfigException naming the source and the key
     */
    public static ClelConfig fromYaml(String yaml, String source) {
        Map<String, Object> tree = base(null);
        Map<String, Object> stored = SafeYaml.parseMap(yaml, source);
        FormerKeys.rename(stored, source, null);
        merge(tree, stored);
        try {
            return RecordBinder.bind(ClelConfig.class, tree, "");
        } catch (ConfigException e) {
            throw new ConfigException(source + ": " + e.getMessage());
        }
    }

    /**
     * @param config a configuration or one of its sections
     * @return it as YAML, snake_case keys as {@link #load} reads them
     */
    public static String toYaml(Record config) {
        DumperOptions opts = new DumperOptions();
        opts.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        opts.setSplitLines(false);
        return new Yaml(opts).dump(RecordBinder.toTree(config));
    }

    /** Sets one "a.b.c=value" override; the value is read as YAML (numbers, booleans, lists, null). */
    static void applyOverride(Map<String, Object> tree, String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigException("override '" + override + "' must look like key.path=value");
        }
        String path = override.substring(0, eq).trim();
        Object value = yamlValue(override.substring(eq + 1));
        String[] parts = path.split("\\.");
        Map<String, Object> node = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = node.get(parts[i]);
            if (!(next instanceof Map)) {
                throw new ConfigException("unknown key '" + path + "' in override (no section '"
                        + String.join(".", List.of(parts).subList(0, i + 1)) + "')");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) next;
            node = m;
        }
        node.put(parts[parts.length - 1], value);
    }

    /** An override's value read as YAML (numbers, booleans, lists, null), or the text itself. */
    private static Object yamlValue(String text) {
        try {
            return SafeYaml.parse(text, "override");
        } catch (ConfigException e) {
            return text;
        }
    }

    @SuppressWarnings("unchecked")
    static void merge(Map<String, Object> into, Map<String, Object> overlay) {
        for (Map.Entry<String, Object> e : overlay.entrySet()) {
            Object cur = into.get(e.getKey());
            if (cur instanceof Map && e.getValue() instanceof Map) {
                merge((Map<String, Object>) cur, (Map<String, Object>) e.getValue());
            } else {
                into.put(e.getKey(), e.getValue());
            }
        }
    }
}

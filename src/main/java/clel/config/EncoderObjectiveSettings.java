package clel.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The encoder objectives' own settings: YAML section {@code encoder_objectives}, one sub-section per registered
 * objective that has settings ({@link EncoderObjectiveDefinition#defaultSettings}), named by its key, e.g.
 * {@code encoder_objectives.mae.encoder} (docs/mae.md). A sub-section not given keeps the objective's defaults. Only the
 * configured objective (loss.encoder_objective) may have other values than its defaults: a value that nothing would
 * read is refused, not ignored ({@link #check}).
 *
 * @param byObjective objective key to its settings record, for every registered objective that has settings, in the
 *                    services file's order
 */
public record EncoderObjectiveSettings(Map<String, Record> byObjective) {
    /** The YAML section, as messages name it. */
    static final String SECTION = "encoder_objectives";

    /**
     * Checks that every registered objective with settings has a record of its type here, and nothing else.
     *
     * @param byObjective objective key to its settings record, for every registered objective that has settings
     */
    public EncoderObjectiveSettings {
        Checks.notNull(SECTION, byObjective);
        Map<String, Record> expected = defaultsByObjective();
        if (!byObjective.keySet().equals(expected.keySet())) {
            throw new ConfigException(SECTION + " must hold the settings of " + describe(expected) + ", got "
                    + describe(byObjective));
        }
        for (Map.Entry<String, Record> e : byObjective.entrySet()) {
            Class<?> type = expected.get(e.getKey()).getClass();
            if (!type.isInstance(e.getValue())) {
                throw new ConfigException(SECTION + "." + e.getKey() + " must be a " + type.getName() + ", got "
                        + (e.getValue() == null ? "nothing" : e.getValue().getClass().getName()));
            }
        }
        Map<String, Record> ordered = new LinkedHashMap<>();
        for (String k : expected.keySet()) {
            ordered.put(k, byObjective.get(k));
        }
        byObjective = Collections.unmodifiableMap(ordered);
    }

    /** @return every registered objective's settings at their defaults */
    public static EncoderObjectiveSettings defaults() {
        return new EncoderObjectiveSettings(defaultsByObjective());
    }

    /**
     * The settings of the objective whose settings record is of that type.
     *
     * @param type an objective's settings record type
     * @param <S>  that type
     * @return its settings
     * @throws IllegalArgumentException when no registered objective has settings of that type
     */
    public <S extends Record> S of(Class<S> type) {
        return byObjective.values().stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no registered encoder objective has settings of type "
                        + type.getName()));
    }

    /**
     * @param settings an objective's settings record (of its registered type)
     * @return these settings with that objective's replaced by {@code settings}
     * @throws IllegalArgumentException when no registered objective has settings of that type
     */
    public EncoderObjectiveSettings with(Record settings) {
        Map<String, Record> m = new LinkedHashMap<>(byObjective);
        String key = byObjective.entrySet().stream().filter(e -> e.getValue().getClass() == settings.getClass())
                .map(Map.Entry::getKey).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no registered encoder objective has settings of type "
                        + settings.getClass().getName()));
        m.put(key, settings);
        return new EncoderObjectiveSettings(m);
    }

    /**
     * The rules of these settings for a run of {@code configured}: every other objective's settings are at their
     * defaults (what nothing reads must not be set), and the configured objective accepts its own
     * ({@link EncoderObjectiveDefinition#checkSettings}).
     *
     * @param configured the configured objective (loss.encoder_objective)
     * @throws ConfigException naming the setting
     */
    public void check(EncoderObjectiveKind configured) {
        Map<String, Record> defaults = defaultsByObjective();
        for (Map.Entry<String, Record> e : byObjective.entrySet()) {
            if (!e.getKey().equals(configured.key()) && !e.getValue().equals(defaults.get(e.getKey()))) {
                throw new ConfigException(SECTION + "." + e.getKey() + " is set but loss.encoder_objective is "
                        + configured + ", which does not read it: set loss.encoder_objective=" + e.getKey()
                        + ", or leave " + SECTION + "." + e.getKey() + " at its defaults");
            }
        }
        configured.definition().checkSettings(this);
    }

    /** Every registered objective's default settings, by key. */
    static Map<String, Record> defaultsByObjective() {
        Map<String, Record> m = new LinkedHashMap<>();
        for (EncoderObjectiveDefinition d : EncoderObjectiveKind.registered()) {
            Optional<Record> s = d.defaultSettings();
            s.ifPresent(r -> m.put(d.key(), r));
        }
        return m;
    }

    private static String describe(Map<String, Record> m) {
        return m.isEmpty() ? "no objective" : "the objectives " + String.join(", ", m.keySet());
    }
}

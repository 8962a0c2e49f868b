package clel.config;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * How the latent encoder h learns (paper Section 4.5, Table 7; Appendix C): YAML key {@code loss.encoder_objective}.
 * Its value is the key of one of the {@link EncoderObjectiveDefinition}s on the class path: simclr (SimCLR's NT-Xent,
 * eq. 13, with the EBM's latents as extra negatives; the paper's default), byol (BYOL, Appendix C), mae (a frozen MAE
 * encoder with a learnable MLP trained by eq. 13, Appendix C), and any further objective registered as the interface
 * says.
 *
 * @param key the objective's key, e.g. "simclr"
 */
public record EncoderObjectiveKind(String key) {
    /** The definitions found by ServiceLoader, by key, in the services file's order. */
    private static final Map<String, EncoderObjectiveDefinition> DEFINITIONS = load();

    /**
     * Checks that an objective of that key is registered.
     *
     * @param key the objective's key, e.g. "simclr"
     */
    public EncoderObjectiveKind {
        if (!DEFINITIONS.containsKey(key)) {
            throw new ConfigException("unknown encoder objective '" + key + "'; valid choices: " + choices());
        }
    }

    /**
     * The objective named {@code value} (case-insensitive).
     *
     * @param value the value given
     * @param where the setting, for the message
     * @return the objective
     * @throws ConfigException naming {@code where} when no objective has that key
     */
    public static EncoderObjectiveKind parse(String value, String where) {
        String v = value == null ? "" : value.trim().toLowerCase();
        if (!DEFINITIONS.containsKey(v)) {
            throw new ConfigException(where + ": unknown value '" + value + "'; valid choices: " + choices());
        }
        return new EncoderObjectiveKind(v);
    }

    /** @return the objective's definition (its rules, and in clel.encoder its factory) */
    public EncoderObjectiveDefinition definition() {
        return DEFINITIONS.get(key);
    }

    /** The registered definitions, in the services file's order. */
    static Collection<EncoderObjectiveDefinition> registered() {
        return DEFINITIONS.values();
    }

    /** @return the registered keys, comma-separated */
    public static String choices() {
        return String.join(", ", DEFINITIONS.keySet());
    }

    @Override
    public String toString() {
        return key;
    }

    private static Map<String, EncoderObjectiveDefinition> load() {
        Map<String, EncoderObjectiveDefinition> m = new LinkedHashMap<>();
        for (EncoderObjectiveDefinition d : ServiceLoader.load(EncoderObjectiveDefinition.class,
                EncoderObjectiveDefinition.class.getClassLoader())) {
            EncoderObjectiveDefinition earlier = m.putIfAbsent(d.key(), d);
            if (earlier != null) {
                throw new IllegalStateException("encoder objective '" + d.key() + "' is registered twice: by "
                        + earlier.getClass().getName() + " and " + d.getClass().getName());
            }
        }
        Map<Class<?>, String> settingsTypes = new LinkedHashMap<>();
        for (EncoderObjectiveDefinition d : m.values()) {
            d.defaultSettings().ifPresent(s -> {
                String other = settingsTypes.putIfAbsent(s.getClass(), d.key());
                if (other != null) {
                    throw new IllegalStateException("encoder objectives '" + other + "' and '" + d.key()
                            + "' both have settings of type " + s.getClass().getName() + "; each needs its own record");
                }
            });
        }
        return m;
    }
}

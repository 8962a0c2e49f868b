package clel.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Parses the configuration's enum choices by their user-facing key (the constant's {@code toString()}, e.g.
 * "base-multiscale"), case-insensitively, with '_' and '-' interchangeable.
 */
public final class EnumKeys {
    private EnumKeys() {
    }

    /**
     * The constant of {@code type} whose key is {@code value}.
     *
     * @param <E>   the enum
     * @param type  the enum's class
     * @param value the value given
     * @param key   the setting, for the message
     * @return the constant
     * @throws ConfigException naming {@code key} and the choices when no constant has that key
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String value, String key) {
        if (value == null) {
            throw new ConfigException(key + " is required; valid choices: " + choices(type));
        }
        String v = value.trim().toLowerCase().replace('_', '-');
        for (E e : type.getEnumConstants()) {
            if (e.toString().toLowerCase().replace('_', '-').equals(v)) {
                return e;
            }
        }
        throw new ConfigException(key + ": unknown value '" + value + "'; valid choices: " + choices(type));
    }

    /**
     * @param <E>  the enum
     * @param type the enum's class
     * @return the keys of its constants, comma-separated
     */
    public static <E extends Enum<E>> String choices(Class<E> type) {
        return Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
    }
}

package clel.config;

/** A user mistake in a configuration: unknown key, wrong type or invalid value. The message is one line. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}

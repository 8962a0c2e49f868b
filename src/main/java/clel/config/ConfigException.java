package clel.config;

/** A user mistake in a configuration: unknown key, wrong type or invalid value. The message is one line. */
public final class ConfigException extends RuntimeException {
    /** @param message the mistake, in one line naming the setting */
    public ConfigException(String message) {
        super(message);
    }
}

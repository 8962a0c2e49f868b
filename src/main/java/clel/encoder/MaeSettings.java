package clel.encoder;

import clel.config.ConfigException;
import java.util.Locale;

/**
 * The settings of loss.encoder_objective=mae (paper Appendix C): YAML section {@code encoder_objectives.mae}, defaults
 * {@link #DEFAULTS}. Until they had a section of their own they were {@code model.mae_encoder} and
 * {@code model.mae_encoder_sha256}; files, overrides and checkpoints that use those keys are still read
 * ({@link MaeObjective#formerKeys}).
 *
 * @param encoder       the frozen MAE encoder, a TorchScript file (its contract: {@link MaeBackbone}); required with
 *                      mae, "" (the default) otherwise
 * @param encoderSha256 SHA-256 of that file (64 hex digits); "" (the default) = recorded when training starts, so that a
 *                      checkpoint refuses to run with another file
 */
public record MaeSettings(String encoder, String encoderSha256) {
    /** The YAML section, as messages name it. */
    static final String SECTION = "encoder_objectives." + MaeObjective.KEY;
    /** The defaults: no file, no digest. */
    public static final MaeSettings DEFAULTS = new MaeSettings("", "");

    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param encoder       the frozen MAE encoder, a TorchScript file; "" when mae is not the objective
     * @param encoderSha256 SHA-256 of that file (64 hex digits); "" = recorded when training starts
     */
    public MaeSettings {
        if (encoder == null || encoderSha256 == null) {
            throw new ConfigException(SECTION + "." + (encoder == null ? "encoder" : "encoder_sha256")
                    + " must not be empty (\"\" for none)");
        }
        encoder = encoder.trim();
        encoderSha256 = encoderSha256.trim().toLowerCase(Locale.ROOT);
        if (!encoderSha256.isEmpty() && !encoderSha256.matches("[0-9a-f]{64}")) {
            throw new ConfigException(SECTION + ".encoder_sha256 must be 64 hexadecimal digits, or \"\" to record the "
                    + "file's when training starts; got '" + encoderSha256 + "'");
        }
        if (encoder.isEmpty() && !encoderSha256.isEmpty()) {
            throw new ConfigException(SECTION + ".encoder_sha256 is set but " + SECTION + ".encoder is empty");
        }
    }

    /** @return true when a file is named */
    public boolean hasEncoder() {
        return !encoder.isEmpty();
    }
}

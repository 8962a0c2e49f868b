package clel.encoder;

import ai.djl.ndarray.NDManager;
import clel.augment.AugmentationKind;
import clel.config.AugmentConfig;
import clel.config.ConfigException;
import clel.config.EncoderObjectiveSettings;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * loss.encoder_objective=mae (paper Appendix C): eq. (13) as simclr computes it ("our objective (13)", step 3), on
 * h = {@link MaeEncoder} (the frozen MAE encoder named by {@link MaeSettings}, only its MLP learns) and on views without
 * augmentation. Its settings are the section encoder_objectives.mae; the file they name is pinned (absolute path and
 * SHA-256) when training starts, and a checkpoint's stored path runs only as pinned ({@link MaeBackbone#pin},
 * {@link MaeBackbone#requireRecorded}).
 */
public final class MaeObjective implements EncoderObjective.Definition {
    /** The value of loss.encoder_objective. */
    static final String KEY = "mae";

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String summary() {
        return "a frozen MAE encoder (" + MaeSettings.SECTION + ".encoder) with a learnable MLP trained by eq. (13) "
                + "without augmentation";
    }

    @Override
    public Optional<Record> defaultSettings() {
        return Optional.of(MaeSettings.DEFAULTS);
    }

    /** model.mae_encoder and model.mae_encoder_sha256, the keys before the section encoder_objectives.mae. */
    @Override
    public Map<String, String> formerKeys() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("model.mae_encoder", MaeSettings.SECTION + ".encoder");
        m.put("model.mae_encoder_sha256", MaeSettings.SECTION + ".encoder_sha256");
        return m;
    }

    /** The file is required. */
    @Override
    public void checkSettings(EncoderObjectiveSettings settings) {
        if (!settings.of(MaeSettings.class).hasEncoder()) {
            throw new ConfigException("loss.encoder_objective is mae but " + MaeSettings.SECTION + ".encoder is empty: "
                    + "give the frozen MAE encoder's TorchScript file (docs/mae.md says how to make one)");
        }
    }

    /**
     * augment.encoder must say none rather than be ignored: Appendix C trains the MLP on the frozen MAE encoder
     * "without data augmentations".
     */
    @Override
    public void check(ModelConfig model, LossConfig loss, AugmentConfig augment) {
        if (augment.encoder() != AugmentationKind.NONE) {
            throw new ConfigException("augment.encoder is " + augment.encoder().configName() + " but "
                    + "loss.encoder_objective is mae, whose MLP is trained without data augmentation (paper Appendix "
                    + "C): set augment.encoder=none");
        }
    }

    @Override
    public EncoderObjective create(LossConfig loss, ModelConfig model, EncoderObjectiveSettings settings, LatentEncoder h,
                                   NDManager manager) {
        return new SimClrObjective(h, loss.useNegatives(), (float) loss.temperature());
    }

    /** The frozen MAE encoder of the settings + a new MLP ({@link MaeEncoder#load}). */
    @Override
    public LatentEncoder encoder(ModelConfig model, EncoderObjectiveSettings settings, NDManager manager) {
        return MaeEncoder.load(model, settings.of(MaeSettings.class), manager);
    }

    @Override
    public EncoderObjectiveSettings pin(EncoderObjectiveSettings settings) {
        return settings.with(MaeBackbone.pin(settings.of(MaeSettings.class)));
    }

    @Override
    public void requireRecorded(EncoderObjectiveSettings stored, Path checkpoint) {
        MaeBackbone.requireRecorded(stored.of(MaeSettings.class), checkpoint);
    }
}

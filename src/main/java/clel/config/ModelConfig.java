package clel.config;

import java.util.List;
import java.util.Locale;

/**
 * The networks: EBM f (paper Table 8), projector g (eq. 10), optional multi-head E(x) (Appendix D) and
 * latent encoder h: ResNet-18 + MLP (Appendix B), or with loss.encoder_objective=mae a frozen pretrained MAE encoder
 * from a TorchScript file + MLP (Appendix C). YAML section {@code model}.
 *
 * <p>Sizes have maxima far above any real model's ({@link #MAX_FEATURE_DIM}, {@link #MAX_HIDDEN},
 * {@link #MAX_ENCODER_WIDTH}, {@link #MAX_IMAGE_SIZE}, {@link #MAX_CHANNELS}), so that neither a mistyped value nor a
 * checkpoint's stored configuration can ask for terabytes.
 *
 * @param size            EBM trunk layout: small | base | base-multiscale | large | tiny (paper default base)
 * @param featureDim      d_z, dimension of f(x), g and z (paper: 128)
 * @param headHidden      hidden width of f's MLP head (paper: 2048)
 * @param projector       g: mlp | linear | identity (paper: mlp)
 * @param projectorHidden hidden width of the mlp projector (paper: 2048)
 * @param energyHead      norm (eq. 11) | multi-head (Appendix D ablation)
 * @param encoderWidth    base width of the ResNet-18 encoder (paper: 64; smaller for CPU runs; unused with mae)
 * @param encoderHidden   hidden width of the encoder's MLP head (paper: 2048), the ResNet's or the MAE encoder's
 * @param imageSize       input height = width in pixels (32; 64 for CelebA)
 * @param channels        input channels (3)
 * @param inputMean       per-channel mean the networks subtract from their input; [] = the training data's
 * @param inputStd        per-channel std the networks divide their input by; [] = the training data's
 * @param maeEncoder      loss.encoder_objective=mae only: the frozen MAE encoder, a TorchScript file (contract in
 *                        {@code clel.encoder.MaeBackbone}); "" otherwise
 * @param maeEncoderSha256 SHA-256 of that file (64 hex digits); "" = recorded when training starts, so that a
 *                        checkpoint refuses to run with another file
 * @param channelsLast    run f's convolutions on channels-last (NHWC) activations ({@code clel.nn.MemoryLayout}): a
 *                        speed choice (default true), equal to the contiguous layout to float32 rounding; h stays
 *                        contiguous (see MemoryLayout on why)
 */
public record ModelConfig(
        EnergySize size,
        int featureDim,
        int headHidden,
        ProjectorKind projector,
        int projectorHidden,
        EnergyHeadKind energyHead,
        int encoderWidth,
        int encoderHidden,
        int imageSize,
        int channels,
        List<Double> inputMean,
        List<Double> inputStd,
        String maeEncoder,
        String maeEncoderSha256,
        boolean channelsLast) {
    /** Largest model.feature_dim (the paper's d_z is 128). */
    public static final int MAX_FEATURE_DIM = 4096;
    /** Largest hidden width of an MLP: model.head_hidden, projector_hidden, encoder_hidden (the paper's are 2048). */
    public static final int MAX_HIDDEN = 16384;
    /** Largest model.encoder_width (the paper's ResNet-18 has 64). */
    public static final int MAX_ENCODER_WIDTH = 256;
    /** Largest model.image_size (the paper's largest images have 64 pixels). */
    public static final int MAX_IMAGE_SIZE = 256;
    /** Most input channels, model.channels (images have 1, 3 or 4). */
    public static final int MAX_CHANNELS = 16;

    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param size            EBM trunk layout: small | base | base-multiscale | large | tiny (paper default base)
     * @param featureDim      d_z, dimension of f(x), g and z (paper: 128)
     * @param headHidden      hidden width of f's MLP head (paper: 2048)
     * @param projector       g: mlp | linear | identity (paper: mlp)
     * @param projectorHidden hidden width of the mlp projector (paper: 2048)
     * @param energyHead      norm (eq. 11) | multi-head (Appendix D ablation)
     * @param encoderWidth    base width of the ResNet-18 encoder (paper: 64; smaller for CPU runs; unused with mae)
     * @param encoderHidden   hidden width of the encoder's MLP head (paper: 2048), the ResNet's or the MAE encoder's
     * @param imageSize       input height = width in pixels (32; 64 for CelebA)
     * @param channels        input channels (3)
     * @param inputMean       per-channel mean the networks subtract from their input; [] = the training data's
     * @param inputStd        per-channel std the networks divide their input by; [] = the training data's
     * @param maeEncoder      loss.encoder_objective=mae only: the frozen MAE encoder, a TorchScript file (contract in
     *                        {@code clel.encoder.MaeBackbone}); "" otherwise
     * @param maeEncoderSha256 SHA-256 of that file (64 hex digits); "" = recorded when training starts, so that a
     *                         checkpoint refuses to run with another file
     * @param channelsLast    run f's convolutions on channels-last (NHWC) activations ({@code clel.nn.MemoryLayout}): a
     *                        speed choice (default true), equal to the contiguous layout to float32 rounding; h stays
     *                        contiguous (see MemoryLayout on why)
     */
    public ModelConfig {
        Checks.notNull("model.size", size);
        Checks.notNull("model.projector", projector);
        Checks.notNull("model.energy_head", energyHead);
        Checks.range("model.feature_dim", featureDim, 1, MAX_FEATURE_DIM);
        Checks.range("model.head_hidden", headHidden, 1, MAX_HIDDEN);
        Checks.range("model.projector_hidden", projectorHidden, 1, MAX_HIDDEN);
        Checks.range("model.encoder_width", encoderWidth, 1, MAX_ENCODER_WIDTH);
        Checks.range("model.encoder_hidden", encoderHidden, 1, MAX_HIDDEN);
        Checks.range("model.channels", channels, 1, MAX_CHANNELS);
        if (imageSize < 8 || imageSize % 8 != 0) {
            throw new ConfigException("model.image_size must be a positive multiple of 8, got " + imageSize);
        }
        Checks.range("model.image_size", imageSize, 8, MAX_IMAGE_SIZE);
        Checks.notNull("model.input_mean", inputMean);
        Checks.notNull("model.input_std", inputStd);
        boolean fromData = inputMean.isEmpty() && inputStd.isEmpty();
        if (!fromData && (inputMean.size() != channels || inputStd.size() != channels)) {
            throw new ConfigException("model.input_mean and model.input_std need " + channels
                    + " values (one per channel), or both [] for the training data's statistics; got "
                    + inputMean.size() + " and " + inputStd.size());
        }
        for (Double s : inputStd) {
            Checks.positive("model.input_std", s);
        }
        for (Double m : inputMean) {
            Checks.finite("model.input_mean", m);
        }
        inputMean = List.copyOf(inputMean);
        inputStd = List.copyOf(inputStd);
        Checks.notNull("model.mae_encoder", maeEncoder);
        Checks.notNull("model.mae_encoder_sha256", maeEncoderSha256);
        maeEncoder = maeEncoder.trim();
        maeEncoderSha256 = maeEncoderSha256.trim().toLowerCase(Locale.ROOT);
        if (!maeEncoderSha256.isEmpty() && !maeEncoderSha256.matches("[0-9a-f]{64}")) {
            throw new ConfigException("model.mae_encoder_sha256 must be 64 hexadecimal digits, or \"\" to record the "
                    + "file's when training starts; got '" + maeEncoderSha256 + "'");
        }
        if (maeEncoder.isEmpty() && !maeEncoderSha256.isEmpty()) {
            throw new ConfigException("model.mae_encoder_sha256 is set but model.mae_encoder is empty");
        }
    }

    /**
     * @param size the trunk's layout
     * @return the paper's settings for that trunk size, with CIFAR-10 normalization
     */
    public static ModelConfig paper(EnergySize size) {
        return new ModelConfig(size, 128, 2048, ProjectorKind.MLP, 2048, EnergyHeadKind.NORM, 64, 2048, 32, 3,
                List.of(0.4914, 0.4822, 0.4465), List.of(0.2470, 0.2435, 0.2616), "", "", true);
    }

    /**
     * @param s a trunk layout
     * @return the same networks with that trunk
     */
    public ModelConfig withSize(EnergySize s) {
        return new ModelConfig(s, featureDim, headHidden, projector, projectorHidden, energyHead, encoderWidth,
                encoderHidden, imageSize, channels, inputMean, inputStd, maeEncoder, maeEncoderSha256, channelsLast);
    }

    /**
     * @param mean per-channel input mean
     * @param std  per-channel input standard deviation
     * @return the same networks normalizing their input with these (channels = their length)
     */
    public ModelConfig withNormalization(List<Double> mean, List<Double> std) {
        return new ModelConfig(size, featureDim, headHidden, projector, projectorHidden, energyHead, encoderWidth,
                encoderHidden, imageSize, mean.size(), mean, std, maeEncoder, maeEncoderSha256, channelsLast);
    }

    /**
     * @param file   the MAE encoder's file
     * @param sha256 its SHA-256, or ""
     * @return the same networks with h's trunk the frozen MAE encoder in {@code file}
     */
    public ModelConfig withMaeEncoder(String file, String sha256) {
        return new ModelConfig(size, featureDim, headHidden, projector, projectorHidden, energyHead, encoderWidth,
                encoderHidden, imageSize, channels, inputMean, inputStd, file, sha256, channelsLast);
    }

    /**
     * @param enabled true for channels-last
     * @return the same networks with f's convolutional activations channels-last or contiguous ({@link #channelsLast})
     */
    public ModelConfig withChannelsLast(boolean enabled) {
        return new ModelConfig(size, featureDim, headHidden, projector, projectorHidden, energyHead, encoderWidth,
                encoderHidden, imageSize, channels, inputMean, inputStd, maeEncoder, maeEncoderSha256, enabled);
    }

    /** @return true when h's trunk is a frozen MAE encoder file (loss.encoder_objective=mae), not the ResNet-18 */
    public boolean hasMaeEncoder() {
        return !maeEncoder.isEmpty();
    }

    /** @return true once input_mean/input_std hold values (not [] = "take them from the training data") */
    public boolean hasNormalization() {
        return !inputMean.isEmpty();
    }

    /** @return model.input_mean as floats; an IllegalStateException before it is resolved from the data */
    public float[] meanArray() {
        if (!hasNormalization()) {
            throw new IllegalStateException("model.input_mean is [] and has not been resolved from the data set");
        }
        return toFloats(inputMean);
    }

    /** @return model.input_std as floats */
    public float[] stdArray() { return toFloats(inputStd); }

    private static float[] toFloats(List<Double> v) {
        float[] a = new float[v.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = v.get(i).floatValue();
        }
        return a;
    }
}

package clel.run;

/**
 * The entries of a training checkpoint (a zip, see {@link Checkpoint}): one table shared by saving, restoring and
 * loading a trained model. Format version {@value Checkpoint#FORMAT_VERSION}. An encoder objective's own state (e.g. BYOL's
 * byol_predictor.params and byol_target.params) is in entries the objective names (clel.encoder.EncoderObjective#state).
 */
public enum CheckpointEntry {
    /** Format and library versions, iteration, data set, best evaluation so far (a properties file). */
    META("meta.properties"),
    /** The run's resolved configuration (YAML). */
    CONFIG("config.yaml"),
    /** The EBM f and projector g (live weights). */
    EBM("ebm.params"),
    /**
     * The latent encoder h (live weights): its parameters as a block. A frozen part h runs but does not hold (the frozen
     * encoder of an objective that brings its own, e.g. mae's) stays in the file its objective's settings name, which
     * the stored configuration records with its SHA-256.
     */
    ENCODER("encoder.params"),
    /** The EMA copy of the EBM (the paper's evaluation weights). */
    EBM_EMA("ebm_ema.params"),
    /** The EMA copy of the encoder. */
    ENCODER_EMA("encoder_ema.params"),
    /** Adam's state for f and g. */
    EBM_OPTIMIZER("ebm_optimizer.ndlist"),
    /** SGD's momentum for h. */
    ENCODER_OPTIMIZER("encoder_optimizer.ndlist"),
    /** The SGLD replay buffer. */
    REPLAY_BUFFER("replay_buffer.bin");

    private final String fileName;

    CheckpointEntry(String fileName) {
        this.fileName = fileName;
    }

    /** The entry's name inside the zip. */
    public String fileName() {
        return fileName;
    }

    /** The EBM's entry: its EMA copy or its live weights. */
    public static CheckpointEntry ebm(boolean ema) {
        return ema ? EBM_EMA : EBM;
    }

    /** The encoder's entry: its EMA copy or its live weights. */
    public static CheckpointEntry encoder(boolean ema) {
        return ema ? ENCODER_EMA : ENCODER;
    }
}

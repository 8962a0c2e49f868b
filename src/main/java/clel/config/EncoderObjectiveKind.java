package clel.config;

/** How the latent encoder h learns (paper Section 4.5, Table 7; Appendix C). YAML key {@code loss.encoder_objective}. */
public enum EncoderObjectiveKind {
    /** SimCLR's NT-Xent (eq. 13), with the EBM's latents as extra negatives when loss.use_negatives (paper default). */
    SIMCLR("simclr"),
    /**
     * BYOL: the online network (h, then a predictor MLP) predicts a target network's projection of the other view, on
     * the unit sphere; the target is an EMA of h (loss.byol_target_decay). No negatives. The EBM's latent is the
     * online network's normalized projection h(t(x))/||h(t(x))|| (Appendix C).
     */
    BYOL("byol"),
    /**
     * MAE (Appendix C): h is a frozen pretrained MAE encoder (decoder removed; a TorchScript file, model.mae_encoder)
     * with a learnable 2-layer MLP on top; only the MLP learns, by eq. (13) as simclr does, on views without data
     * augmentation (augment.encoder must be none).
     */
    MAE("mae");

    private final String key;

    EncoderObjectiveKind(String key) {
        this.key = key;
    }

    @Override
    public String toString() {
        return key;
    }
}

package clel.run;

/**
 * The measures of a training iteration in metrics.jsonl, one constant each: its JSON field and what it is. The
 * trainer fills them ({@code clel.training.StepMetrics#record}), {@link MetricsRecord} writes and reads them, the
 * report draws them; a new measure is a constant here plus the line that computes it.
 */
public enum Metric {
    LOSS("loss", "L_EBM + L_LE"),
    LOSS_EBM("loss_ebm", "L_EBM (paper eq. 12)"),
    LOSS_LE("loss_le", "L_LE (paper eq. 13)"),
    ENERGY_DATA("energy_data", "mean E(x) on the data batch"),
    ENERGY_SAMPLE("energy_sample", "mean E(x~) on the SGLD samples"),
    LATENT_COSINE("latent_cosine", "mean cos(g(f(x)), z) between the EBM's direction and the encoder's latent"),
    LR_EBM("lr_ebm", "Adam's learning rate for f and g"),
    LR_ENCODER("lr_encoder", "SGD's learning rate for h"),
    SECONDS("seconds", "wall time of the iteration"),
    IT_PER_S("it_per_s", "1 / seconds"),
    GRAD_NORM_EBM("grad_norm_ebm", "||grad|| of all EBM parameters (f and g) before the update"),
    GRAD_NORM_ENCODER("grad_norm_encoder", "||grad|| of all encoder parameters"),
    GRAD_TO_MOMENT("grad_to_moment", "sum g^2 / sum v_hat of the EBM's Adam (about 1 when healthy)"),
    MAX_UPDATE_OVER_LR("max_update_over_lr", "largest |update| of any EBM weight, in units of the learning rate"),
    MIN_F_NORM("min_f_norm", "smallest ||f(x)|| over the data and the samples"),
    MIN_G_NORM("min_g_norm", "smallest ||g(f/||f||)|| before its normalization"),
    MAX_ENERGY("max_energy", "largest per-sample E(x) over the data and the samples");

    private final String field;
    private final String description;

    Metric(String field, String description) {
        this.field = field;
        this.description = description;
    }

    /** The JSON field name in metrics.jsonl. */
    public String field() {
        return field;
    }

    public String description() {
        return description;
    }
}

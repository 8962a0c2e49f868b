package clel.augment;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Which augmentation distribution {@code T} an {@link Augmenter} draws {@code t ~ T} from.
 *
 * <ul>
 *   <li>{@link #STRONG}: the SimCLR distribution the paper uses for the latent encoder h_phi, for
 *       h(t(x)) in the EBM loss and for the replay-buffer transitions (resized crop, flip, colour
 *       jitter, colour dropping);</li>
 *   <li>{@link #WEAK}: reflect-pad by 4 pixels, random crop back to H x W, horizontal flip;</li>
 *   <li>{@link #NONE}: the identity (a copy of the input).</li>
 * </ul>
 */
public enum AugmentationKind {
    STRONG, WEAK, NONE;

    /**
     * Parses a configuration value.
     *
     * @param name "strong", "weak" or "none", in any letter case (surrounding spaces ignored)
     * @return the matching kind
     * @throws IllegalArgumentException naming the valid choices when {@code name} matches none
     */
    public static AugmentationKind fromName(String name) {
        if (name != null) {
            String key = name.trim().toUpperCase(Locale.ROOT);
            for (AugmentationKind kind : values()) {
                if (kind.name().equals(key)) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException("unknown augmentation '" + name + "': valid choices are "
                + Arrays.stream(values()).map(AugmentationKind::configName).collect(Collectors.joining(", ")));
    }

    /** @return the lower-case name used in configuration files ("strong", "weak", "none") */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package clel.training;

import ai.djl.ndarray.NDArray;
import clel.energy.EnergyOutput;
import clel.loss.EbmLoss;

/**
 * What one training iteration's forward pass computed, for {@link StepMeasure}s to read (not to change, and without
 * gradient: measures see the values only).
 *
 * @param real  the EBM's output on the data batch x (B rows): E(x), f(x), g(f(x)/||f(x)||)
 * @param fake  the EBM's output on the SGLD samples x~ (B rows)
 * @param z     the encoder's latents of x, z = h(t(x)) / ||h(t(x))|| (B, d_z), eq. (9)
 * @param terms the terms of L_EBM (eq. 12) on this batch
 */
public record StepQuantities(EnergyOutput real, EnergyOutput fake, NDArray z, EbmLoss.Terms terms) {
}

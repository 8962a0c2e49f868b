package clel.diagnostics;

import clel.sampling.Sgld;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tensors of every SGLD step of one iteration, kept as values until the sampling ends and then stacked. */
final class SgldTrace {
    private final List<float[]> x = new ArrayList<>();
    private final List<float[]> energies = new ArrayList<>();
    private final List<float[]> grad = new ArrayList<>();
    private final List<float[]> noise = new ArrayList<>();
    private final List<float[]> next = new ArrayList<>();

    void add(Sgld.Step step) {
        energies.add(step.energies().toFloatArray());
        x.add(step.x().toFloatArray());
        grad.add(step.grad().toFloatArray());
        if (step.noise() != null) {
            noise.add(step.noise().toFloatArray());
        }
        next.add(step.next().toFloatArray());
    }

    int steps() {
        return x.size();
    }

    boolean hasNoise() {
        return !noise.isEmpty();
    }

    /**
     * Writes sgld_x, sgld_grad, sgld_next and sgld_noise (S, B, C, H, W) and sgld_energy (S, B) into {@code dir}.
     *
     * @param image the shape of one step's images (B, C, H, W)
     */
    void write(Path dir, long[] image) {
        int[] stacked = new int[image.length + 1];
        stacked[0] = steps();
        for (int i = 0; i < image.length; i++) {
            stacked[i + 1] = Math.toIntExact(image[i]);
        }
        NpyArrays.writeStacked(dir.resolve("sgld_x.npy"), x, stacked);
        NpyArrays.writeStacked(dir.resolve("sgld_grad.npy"), grad, stacked);
        NpyArrays.writeStacked(dir.resolve("sgld_next.npy"), next, stacked);
        if (hasNoise()) {
            NpyArrays.writeStacked(dir.resolve("sgld_noise.npy"), noise, stacked);
        }
        NpyArrays.writeStacked(dir.resolve("sgld_energy.npy"), energies, new int[] {steps(), stacked[1]});
    }
}

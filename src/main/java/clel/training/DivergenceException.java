package clel.training;

/** The EBM diverged (non-finite loss or energies beyond guard.max_energy) and the run cannot continue. */
public final class DivergenceException extends RuntimeException {
    public DivergenceException(String message) {
        super(message);
    }
}

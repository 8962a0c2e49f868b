package clel.training;

import clel.sampling.Sgld;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Several observers told as one, in the order they were added; {@link #finished} reaches only those whose
 * {@link #started} returned.
 */
final class ObserverList implements TrainingObserver {
    private final List<TrainingObserver> all = new ArrayList<>();
    private final List<TrainingObserver> started = new ArrayList<>();

    void add(TrainingObserver observer) {
        all.add(observer);
    }

    @Override
    public void started(Trainer trainer) throws IOException {
        for (TrainingObserver o : all) {
            o.started(trainer);
            started.add(o);
        }
    }

    @Override
    public void phaseEnded(StepPhase phase, StepTensors step) {
        all.forEach(o -> o.phaseEnded(phase, step));
    }

    @Override
    public void sgldStep(Sgld.Step step) {
        all.forEach(o -> o.sgldStep(step));
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics metrics) throws IOException {
        for (TrainingObserver o : all) {
            o.iterationEnded(trainer, metrics);
        }
    }

    @Override
    public void message(String message) {
        all.forEach(o -> o.message(message));
    }

    /** Tells every started observer, even when one fails; the first failure is thrown at the end. */
    @Override
    public void finished() throws IOException {
        IOException first = null;
        for (TrainingObserver o : started) {
            try {
                o.finished();
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        started.clear();
        if (first != null) {
            throw first;
        }
    }
}

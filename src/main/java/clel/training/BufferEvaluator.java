package clel.training;

import ai.djl.ndarray.NDManager;
import clel.evaluation.BufferEvaluation;
import clel.report.EvalTable;
import clel.run.JsonLine;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Scores the first eval.samples chains of the replay buffer every eval.every iterations (and at the end) with a
 * {@link BufferEvaluation}; appends a line to eval.jsonl, rewrites eval/training-fd.json, and keeps best.ckpt, the
 * checkpoint with the lowest score so far. It keeps that best score itself, from the one the run's checkpoint carried
 * ({@link Trainer#bestEvaluationAtStart}); every checkpoint carries it on ({@link CheckpointWriter}), so a resumed run
 * keeps it.
 */
public final class BufferEvaluator implements TrainingObserver {
    private final RunFolder folder;
    private final Consumer<String> log;
    /** Null until the loop hands over the evaluation the configuration describes ({@link #use}). */
    private BufferEvaluation evaluation;
    private double best = Double.POSITIVE_INFINITY;
    /** Rows of eval/training-fd.json, one per evaluation of this process. */
    private final List<List<Object>> rows = new ArrayList<>();

    /**
     * @param folder     the run folder: eval.jsonl, eval/training-fd.json and best.ckpt
     * @param evaluation the score of the buffer's chains
     * @param log        told of every evaluation
     */
    public BufferEvaluator(RunFolder folder, BufferEvaluation evaluation, Consumer<String> log) {
        this(folder, log);
        this.evaluation = Objects.requireNonNull(evaluation, "evaluation");
    }

    /** An evaluator whose evaluation the loop opens for the run, as the configuration describes it ({@link #use}). */
    BufferEvaluator(RunFolder folder, Consumer<String> log) {
        this.folder = folder;
        this.log = log;
    }

    /** @param evaluation the score of the buffer's chains from now on */
    void use(BufferEvaluation evaluation) {
        this.evaluation = evaluation;
    }

    /** @return the lowest score so far (+infinity before the first), the score of best.ckpt */
    public double best() {
        return best;
    }

    @Override
    public void started(Trainer trainer) {
        best = trainer.bestEvaluationAtStart();
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics metrics) throws IOException {
        var eval = trainer.config().eval();
        if (eval.every() <= 0 || !TrainingObserver.due(trainer, eval.every())) {
            return;
        }
        long iteration = trainer.iteration();
        int n = Math.min(eval.samples(), trainer.buffer().size());
        double value;
        try (NDManager m = NDManager.newBaseManager(trainer.device())) {
            value = evaluation.evaluate(trainer.buffer().slice(0, n, m));
        }
        double relative = (value - evaluation.floor()) / (evaluation.ceiling() - evaluation.floor());
        writeLogs(iteration, n, value, relative, eval.referenceSplit().toString());
        String message = String.format(Locale.ROOT, "iteration %d: %s of %d buffer chains = %.4f", iteration,
                evaluation.metricName(), n, value);
        if (Double.isFinite(relative)) {
            message += String.format(Locale.ROOT, " (floor %.4f, ceiling %.4f: %.1f%% of the way)", evaluation.floor(),
                    evaluation.ceiling(), 100 * relative);
        }
        if (value < best) {
            best = value;
            trainer.save(folder.bestCheckpoint(), best);
            message += " (best so far: " + folder.bestCheckpoint() + ")";
        }
        log.accept(message);
    }

    /** A line of eval.jsonl, and eval/training-fd.json with the scores of this process so far. */
    private void writeLogs(long iteration, int n, double value, double relative, String referenceSplit)
            throws IOException {
        double floor = evaluation.floor();
        double ceiling = evaluation.ceiling();
        String line = new JsonLine().add("iteration", iteration).add("metric", evaluation.metricName()).add("value", value)
                .add("chains", n).add("floor", floor).add("ceiling", ceiling).add("relative", relative) + "\n";
        Files.writeString(folder.evaluations(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        rows.add(List.of(iteration, format(value), format(floor), format(ceiling), format(relative)));
        EvalTable.of("Replay buffer during training: " + evaluation.metricName(),
                List.of("iteration", evaluation.metricName() + " of " + n + " chains", "floor (held-out real)",
                        "ceiling (uniform noise)", "relative position (0 = floor, 1 = ceiling)"),
                rows, List.of(), "floor and ceiling use as many images as the buffer score; "
                        + "eval.reference_split " + referenceSplit + " is the reference")
                .write(folder.trainingFd());
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }
}

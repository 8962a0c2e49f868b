package clel.training;

import ai.djl.ndarray.NDManager;
import clel.evaluation.BufferEvaluation;
import clel.report.EvalTable;
import clel.run.RunFolder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Scores the first eval.samples chains of the replay buffer every eval.every iterations (and at the end) with a
 * {@link BufferEvaluation}; appends a line to eval.jsonl, rewrites eval/training-fd.json, and keeps best.ckpt, the
 * checkpoint with the lowest score so far (the best score is carried in every checkpoint, so a resumed run keeps it).
 */
public final class BufferEvaluator implements IterationListener {
    private final RunFolder folder;
    private final BufferEvaluation evaluation;
    private final TrainingListener progress;
    /** Rows of eval/training-fd.json, one per evaluation of this process. */
    private final List<List<Object>> rows = new ArrayList<>();

    /**
     * @param folder     the run folder: eval.jsonl, eval/training-fd.json and best.ckpt
     * @param evaluation the score of the buffer's chains
     * @param progress   told of every evaluation
     */
    public BufferEvaluator(RunFolder folder, BufferEvaluation evaluation, TrainingListener progress) {
        this.folder = folder;
        this.evaluation = evaluation;
        this.progress = progress;
    }

    @Override
    public void afterIteration(Trainer trainer, StepMetrics metrics) throws IOException {
        var eval = trainer.config().eval();
        if (eval.every() <= 0 || !IterationListener.due(trainer, eval.every())) {
            return;
        }
        long iteration = trainer.iteration();
        int n = Math.min(eval.samples(), trainer.buffer().size());
        double value;
        try (NDManager m = NDManager.newBaseManager(trainer.device())) {
            value = evaluation.evaluate(trainer.buffer().slice(0, n, m));
        }
        double floor = evaluation.floor();
        double ceiling = evaluation.ceiling();
        double relative = (value - floor) / (ceiling - floor);
        String line = String.format(Locale.ROOT,
                "{\"iteration\":%d,\"metric\":\"%s\",\"value\":%s,\"chains\":%d,\"floor\":%s,\"ceiling\":%s,"
                        + "\"relative\":%s}%n", iteration, evaluation.metricName(), json(value), n, json(floor), json(ceiling),
                json(relative));
        Files.writeString(folder.evaluations(), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        rows.add(List.of(iteration, format(value), format(floor), format(ceiling), format(relative)));
        EvalTable.of("Replay buffer during training: " + evaluation.metricName(),
                List.of("iteration", evaluation.metricName() + " of " + n + " chains", "floor (held-out real)",
                        "ceiling (uniform noise)", "relative position (0 = floor, 1 = ceiling)"),
                rows, List.of(), "floor and ceiling use as many images as the buffer score; "
                        + "eval.reference_split " + eval.referenceSplit() + " is the reference")
                .write(folder.trainingFd());
        String msg = String.format(Locale.ROOT, "iteration %d: %s of %d buffer chains = %.4f", iteration,
                evaluation.metricName(), n, value);
        if (Double.isFinite(relative)) {
            msg += String.format(Locale.ROOT, " (floor %.4f, ceiling %.4f: %.1f%% of the way)", floor, ceiling,
                    100 * relative);
        }
        if (value < trainer.bestEvaluation()) {
            trainer.setBestEvaluation(value);
            trainer.save(folder.bestCheckpoint());
            msg += " (best so far: " + folder.bestCheckpoint() + ")";
        }
        progress.onMessage(msg);
    }

    private static String json(double v) {
        return Double.isFinite(v) ? String.valueOf(v) : "null";
    }

    private static String format(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.4f", v) : "";
    }
}

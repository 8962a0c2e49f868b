package clel.run;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The files of a training run's folder, named in one place. Every reader and writer of a run folder (the trainer and
 * the training loop's observers, the CLI, the report, crash recovery) asks this class for a path instead of spelling a
 * file name.
 *
 * <pre>
 * RUN/
 *   config.yaml           the resolved configuration (written when training starts)
 *   train.log             the console's lines, with times
 *   console.txt           the training process's console output when several runs train at once (clel experiment)
 *   metrics.jsonl         one {@link MetricsRecord} per logged iteration
 *   gradients.jsonl       per-tensor EBM gradient norms per logged iteration
 *   eval.jsonl            one line per buffer evaluation
 *   memory.jsonl          resident memory per logged iteration, and each trim of freed native memory
 *   last.ckpt, best.ckpt  the latest checkpoint and the one with the best evaluation
 *   samples/              data.png and buffer_NNNNNN.png grids
 *   eval/                 evaluation details (training-fd.json)
 *   report/               the report's curves
 *   step-export/          tensors of the first iterations for the PyTorch twin (optional)
 *   earlier-DATE/         an earlier run's files, moved aside by a new run in the same folder
 * </pre>
 */
public final class RunFolder {
    public static final String CONFIG = "config.yaml";
    public static final String LOG = "train.log";
    public static final String METRICS = "metrics.jsonl";
    public static final String GRADIENTS = "gradients.jsonl";
    public static final String EVALUATIONS = "eval.jsonl";
    public static final String MEMORY = "memory.jsonl";
    public static final String LAST_CHECKPOINT = "last.ckpt";
    public static final String BEST_CHECKPOINT = "best.ckpt";
    public static final String SAMPLES_DIR = "samples";
    public static final String EVAL_DIR = "eval";
    public static final String REPORT_DIR = "report";
    public static final String STEP_EXPORT_DIR = "step-export";
    public static final String DATA_GRID = "data.png";
    public static final String TRAINING_FD = "training-fd.json";
    /** The console output of a run's training process when clel experiment trains several runs at once (appended). */
    public static final String CONSOLE = "console.txt";
    /** The measures an experiment took of a finished run (clel.experiment.RunEvaluator), in eval/. */
    public static final String EXPERIMENT_EVALUATION = "experiment.json";

    /** The logs with one line per iteration, which a resume truncates to the checkpoint's iteration. */
    public static final List<String> ITERATION_LOGS = List.of(METRICS, EVALUATIONS, GRADIENTS, MEMORY);
    /** Everything a training run writes at the top of its folder (what a new run moves aside). */
    public static final List<String> RUN_FILES = List.of(LOG, METRICS, EVALUATIONS, GRADIENTS, MEMORY, CONFIG,
            LAST_CHECKPOINT, BEST_CHECKPOINT, SAMPLES_DIR, EVAL_DIR, STEP_EXPORT_DIR);

    private final Path root;

    public RunFolder(Path root) {
        this.root = root;
    }

    public Path root() {
        return root;
    }

    public Path config() {
        return root.resolve(CONFIG);
    }

    /** console.txt: the training process's console output, when it is not the terminal's (clel experiment --parallel). */
    public Path console() {
        return root.resolve(CONSOLE);
    }

    public Path log() {
        return root.resolve(LOG);
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path gradients() {
        return root.resolve(GRADIENTS);
    }

    public Path evaluations() {
        return root.resolve(EVALUATIONS);
    }

    public Path memory() {
        return root.resolve(MEMORY);
    }

    public Path lastCheckpoint() {
        return root.resolve(LAST_CHECKPOINT);
    }

    public Path bestCheckpoint() {
        return root.resolve(BEST_CHECKPOINT);
    }

    public Path samples() {
        return root.resolve(SAMPLES_DIR);
    }

    /** samples/data.png: a grid of training images. */
    public Path dataGrid() {
        return samples().resolve(DATA_GRID);
    }

    /** samples/buffer_NNNNNN.png: the replay buffer's grid at {@code iteration}. */
    public Path bufferGrid(long iteration) {
        return samples().resolve(String.format(Locale.ROOT, "buffer_%06d.png", iteration));
    }

    /** eval/training-fd.json: the details of the latest buffer evaluation. */
    public Path trainingFd() {
        return root.resolve(EVAL_DIR).resolve(TRAINING_FD);
    }

    /** eval/experiment.json: what an experiment measured on this run (OOD AUROC, ...). */
    public Path experimentEvaluation() {
        return root.resolve(EVAL_DIR).resolve(EXPERIMENT_EVALUATION);
    }

    public Path reportDir() {
        return root.resolve(REPORT_DIR);
    }

    public Path stepExport() {
        return root.resolve(STEP_EXPORT_DIR);
    }

    @Override
    public String toString() {
        return root.toString();
    }
}

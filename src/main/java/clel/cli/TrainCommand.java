package clel.cli;

import ai.djl.Device;
import clel.config.ClelConfig;
import clel.config.ConfigLoader;
import clel.data.ImageSet;
import clel.data.source.DataSources;
import clel.diagnostics.StepExport;
import clel.io.UserPaths;
import clel.recovery.EarlierRun;
import clel.run.Checkpoint;
import clel.run.RunFolder;
import clel.training.DivergenceException;
import clel.training.Trainer;
import clel.training.TrainingLoop;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clel train}: trains a CLEL model (Algorithm 1) and writes a run folder. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a CLEL model. CONFIG is a preset (listed below) or a YAML file; key.path=value arguments "
                + "override single settings.",
                "Without CONFIG the CPU-sized 'tiny' preset trains on the built-in shapes data set."})
final class TrainCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "CONFIG|key=value", completionCandidates = PresetNames.class,
            description = "a preset (${COMPLETION-CANDIDATES}) or YAML file (first), then key.path=value overrides")
    List<String> args = new ArrayList<>();

    @Option(names = {"-o", "--output"}, description = "run folder (overrides output_dir)")
    String output;

    @Option(names = "--seed", description = "random seed (overrides seed)")
    Long seed;

    @Option(names = "--iterations", description = "training iterations (overrides iterations)")
    Integer iterations;

    @Option(names = "--resume", description = "continue from this checkpoint (e.g. RUN/last.ckpt); its stored "
            + "configuration is used, --iterations may extend it")
    Path resume;

    @Option(names = "--inception", paramLabel = "FILE", description = "with --resume, for a run that evaluates with "
            + "eval.inception: the FID Inception network (inception-2015-12-05.pt) to evaluate with; a checkpoint's "
            + "stored path never runs (docs/security.md)")
    Path inception;

    @Option(names = "--skip-bad-images", description = "image folders: skip undecodable images with a warning")
    boolean skipBadImages;

    @Option(names = "--download", description = "fetch missing data files from the publisher (checksum-verified)")
    boolean download;

    @Mixin
    DeviceOption device = new DeviceOption();

    @Option(names = "--print-config", description = "print the effective configuration, with where each value came "
            + "from, and exit")
    boolean printConfig;

    @Option(names = "--export-steps", paramLabel = "K", description = "(advanced) write every tensor of the first K "
            + "iterations (inputs, SGLD steps and noise, losses, gradients, updated and EMA weights) for the differential "
            + "test against PyTorch: bench/pytorch_twin.py compare DIR. New runs only")
    int exportSteps;

    @Option(names = "--export-dir", paramLabel = "DIR", description = "(advanced) where --export-steps writes "
            + "(default: RUN/step-export)")
    Path exportDir;

    @Option(names = "--max-restarts", defaultValue = "3", paramLabel = "N", description = "train in a child process and "
            + "restart it from RUN/last.ckpt when it crashes (killed by a signal such as SIGSEGV), at most N times; a "
            + "crash that repeats at the same iteration, an OutOfMemoryError or an error exit is not restarted; 0 = "
            + "train in this process (default: ${DEFAULT-VALUE})")
    int maxRestarts;

    /** Where the supervised training process writes its output (tests send it to a file). */
    ProcessBuilder.Redirect childOutput = ProcessBuilder.Redirect.INHERIT;
    /** More JVM options for the supervised training process (tests set the crash hook with it). */
    List<String> childJvmOptions = List.of();
    /** The Inception file a restart from the run's checkpoint names again (--inception), or null. */
    private Path restartInception;
    /** Environment variables set for the supervised training process (clel experiment --parallel: its threads). */
    Map<String, String> childEnvironment = Map.of();

    @Spec
    CommandSpec spec;


    @Override
    public Integer call() throws IOException {
        ConfigArguments parsed = ConfigArguments.parse(args);
        String source = parsed.source();
        List<String> overrides = overrides(parsed);
        if (maxRestarts < 0) {
            throw new IllegalArgumentException("--max-restarts must be >= 0, got " + maxRestarts);
        }
        if (resume != null && (source != null
                || !overrides.stream().allMatch(o -> o.startsWith("iterations=") || o.startsWith("output_dir=")))) {
            throw new IllegalArgumentException("--resume uses the checkpoint's configuration; only --iterations, --output "
                    + "and --inception may be given");
        }
        if (inception != null && resume == null) {
            throw new IllegalArgumentException("--inception goes with --resume; a new run names its Inception file in "
                    + "eval.inception");
        }
        if (output != null) {
            UserPaths.requireFolderOrAbsent(Path.of(output), "the run folder, -o");
        }
        if (resume != null) {
            UserPaths.requireRegularFile(resume, "the checkpoint to resume, --resume");
        }
        if (printConfig && resume == null) {
            ConfigLoader.Loaded loaded = ConfigLoader.loadDescribed(source, overrides);
            PrintWriter out = spec.commandLine().getOut();
            out.print(loaded.describe());
            loaded.notices().forEach(n -> out.println("notice: " + n));
            out.flush();
            return 0;
        }
        if (exportSteps < 0) {
            throw new IllegalArgumentException("--export-steps must be positive, got " + exportSteps);
        }
        if (resume != null && (exportSteps > 0 || exportDir != null)) {
            throw new IllegalArgumentException("--export-steps starts from a new run; it cannot be combined with --resume");
        }
        if (exportDir != null && exportSteps == 0) {
            throw new IllegalArgumentException("--export-dir needs --export-steps K");
        }
        Device dev = device.device(); // checked here, before a training process is started
        if (maxRestarts > 0 && !TrainingSupervisor.isChild()) {
            return supervise(source, overrides);
        }
        if (TrainingSupervisor.isChild()) {
            TrainingSupervisor.exitWhenSupervisorEnds();
        }
        try (GracefulStop stop = new GracefulStop()) {
            return resume != null ? resume(dev, stop) : startNew(ConfigLoader.loadDescribed(source, overrides), dev, stop);
        }
    }

    /**
     * The configuration's overrides: the key.path=value arguments, then the options that set a setting (-o, --seed,
     * --iterations, --skip-bad-images, --download). A training process started by {@link #supervise} gets this
     * command's own arguments and makes the same list.
     */
    private List<String> overrides(ConfigArguments parsed) {
        List<String> overrides = new ArrayList<>(parsed.overrides());
        if (output != null) {
            overrides.add("output_dir=" + output);
        }
        if (seed != null) {
            overrides.add("seed=" + seed);
        }
        if (iterations != null) {
            overrides.add("iterations=" + iterations);
        }
        if (skipBadImages) {
            overrides.add("data.skip_bad_images=true");
        }
        if (download) {
            overrides.add("data.download=true");
        }
        return overrides;
    }

    /** Trains in a child process that is restarted after a crash (see {@link TrainingSupervisor}). */
    private int supervise(String source, List<String> overrides) throws IOException {
        Path runDir;
        if (resume != null) {
            Checkpoint.iterationOf(resume); // a missing or unreadable checkpoint is reported here, once
            Trainer.resumableConfig(Checkpoint.configOf(resume), resume, inception); // so is one refused to resume
            runDir = output != null ? Path.of(output) : resume.toAbsolutePath().getParent();
            setAsideOtherRun(runDir).ifPresent(spec.commandLine().getErr()::println);
            restartInception = inception;
        } else {
            ClelConfig config = ConfigLoader.load(source, overrides); // so are configuration errors
            runDir = Path.of(config.outputDir());
            UserPaths.requireFolderOrAbsent(runDir, "the run folder, output_dir");
            setAsideEarlierRun(runDir).ifPresent(spec.commandLine().getErr()::println);
            // a restart resumes from the run's checkpoint: the Inception file the user's configuration named goes along
            restartInception = config.eval().usesInception() ? Path.of(config.eval().inception()) : null;
        }
        TrainingSupervisor supervisor = new TrainingSupervisor(runDir, givenArguments(), this::resumeArguments, resume,
                maxRestarts, JavaCommand.current().withOptions(childJvmOptions)
                .withEnvironment(childEnvironment), childOutput, spec.commandLine().getErr());
        try {
            return supervisor.run();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 130;
        }
    }

    /** This command's arguments as given (after "train"), for the first training process: it is this command again. */
    List<String> givenArguments() {
        List<String> a = new ArrayList<>(List.of("train"));
        a.addAll(spec.commandLine().getParseResult().expandedArgs());
        return a;
    }

    /** The arguments of a training process that continues from {@code checkpoint} after a crash. */
    List<String> resumeArguments(Path checkpoint) {
        List<String> a = new ArrayList<>(List.of("train", "--resume", checkpoint.toString()));
        if (output != null) {
            a.addAll(List.of("--output", output));
        }
        if (restartInception != null) {
            a.addAll(List.of("--inception", restartInception.toString()));
        }
        if (iterations != null) {
            a.addAll(List.of("--iterations", iterations.toString()));
        }
        a.addAll(List.of(DeviceOption.OPTION, device.name()));
        return a;
    }

    private int resume(Device dev, GracefulStop stop) throws IOException {
        Path runDir = output != null ? Path.of(output) : resume.toAbsolutePath().getParent();
        Checkpoint ckpt = Activity.reading("checkpoint " + resume, () -> Checkpoint.read(resume));
        ClelConfig stored = Trainer.resumableConfig(ckpt.config(resume), resume, inception);
        // a supervised child's folder was set in order by its supervisor
        Optional<String> setAside = TrainingSupervisor.isChild() ? Optional.empty() : setAsideOtherRun(runDir);
        ImageSet data = Activity.loadData(stored.data(), true, stored.model().imageSize()).images();
        ConsoleProgress console = new ConsoleProgress(runDir, spec.commandLine().getErr());
        setAside.ifPresent(console::log);
        Trainer trainer = Trainer.resume(ckpt, resume, data, runDir, dev, iterations == null ? 0 : iterations, inception);
        console.log("resumed from " + resume + " at iteration " + trainer.iteration());
        return runTrainer(trainer, console, stop, null);
    }

    private int startNew(ConfigLoader.Loaded loaded, Device dev, GracefulStop stop) throws IOException {
        ClelConfig config = loaded.config();
        Path runDir = Path.of(config.outputDir());
        UserPaths.requireFolderOrAbsent(runDir, "the run folder, output_dir");
        // a supervised child's folder was cleared by its supervisor; a restart from scratch keeps its own files
        Optional<String> setAside = TrainingSupervisor.isChild() ? Optional.empty()
                : setAsideEarlierRun(runDir);
        Files.createDirectories(runDir);
        ConsoleProgress console = new ConsoleProgress(runDir, spec.commandLine().getErr());
        setAside.ifPresent(console::log);
        loaded.notices().forEach(n -> console.log("notice: " + n));
        console.log("loading data set '" + config.data().name() + "'");
        DataSources.Loaded read = Activity.loadData(config.data(), true, config.model().imageSize());
        read.warnings().forEach(w -> console.log("warning: " + w));
        ImageSet data = read.images();
        console.log("data: " + data.name() + ", " + data.count() + " images of " + data.channels() + "x" + data.height()
                + "x" + data.width() + ", " + data.classNames().size() + " classes");
        Trainer trainer = Trainer.start(config, data, runDir, dev);
        Files.writeString(new RunFolder(runDir).config(), ConfigLoader.toYaml(trainer.config()));
        StepExport export = null;
        if (exportSteps > 0) {
            Path target = exportDir != null ? exportDir : new RunFolder(runDir).stepExport();
            export = StepExport.start(trainer, target, exportSteps);
            console.log("exporting the tensors of the first " + exportSteps + " iterations to " + target);
        }
        return runTrainer(trainer, console, stop, export);
    }

    /** A new run in the folder of an earlier one: its files are moved aside ({@link EarlierRun}); says where. */
    private static Optional<String> setAsideEarlierRun(Path runDir) throws IOException {
        return EarlierRun.setAside(runDir, LocalDateTime.now())
                .map(to -> runDir + " held an earlier run: its files were moved to " + to
                        + " (continue a run with --resume RUN/last.ckpt)");
    }

    /**
     * Resuming into a folder other than the checkpoint's own: a run that folder holds is another run (or an older
     * continuation, which resuming would set back), so its files are moved aside as a new run's predecessor's are, and
     * nothing of it is overwritten or cut; says where.
     */
    private Optional<String> setAsideOtherRun(Path runDir) throws IOException {
        Path own = resume.toAbsolutePath().getParent();
        if (Files.isDirectory(runDir) && Files.isSameFile(runDir, own)) {
            return Optional.empty();
        }
        return EarlierRun.setAside(runDir, LocalDateTime.now())
                .map(to -> runDir + " held another run: its files were moved to " + to + " before continuing "
                        + resume + " there");
    }

    /**
     * Runs the training loop: the console first, then the graceful stop and the crash hook (both before the side jobs
     * record an iteration), the standard side jobs, and the step export when there is one.
     */
    private int runTrainer(Trainer trainer, ConsoleProgress console, GracefulStop stop, StepExport export)
            throws IOException {
        try (trainer; console) {
            TrainingLoop loop = new TrainingLoop(trainer).add(console);
            loop.add(stop.betweenIterations(loop::message));
            CrashHook.forThisAttempt(loop::message).ifPresent(loop::add);
            loop.addStandardJobs(null);
            if (export != null) {
                loop.add(export);
            }
            try {
                loop.run();
            } catch (DivergenceException e) {
                // reported while the log is still open (the resources above close before an outer catch runs)
                console.log("stopped: " + e.getMessage());
                spec.commandLine().getErr().println("clel: error: " + e.getMessage()
                        + " (the last checkpoint is intact; see guard.on_divergence=rollback)");
                return 3;
            }
            console.log("done: " + trainer.iteration() + " iterations; checkpoint "
                    + console.runDir().resolve(RunFolder.LAST_CHECKPOINT));
            return 0;
        }
    }
}

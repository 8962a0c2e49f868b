package clel.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import clel.classifier.TrainedClassifier;
import clel.data.ImageSet;
import clel.data.source.DataSources;
import clel.evaluation.NpyFile;
import clel.evaluation.ProportionInterval;
import clel.evaluation.SampleJudge;
import clel.io.ImageGrid;
import clel.io.UserPaths;
import clel.model.TrainedModel;
import clel.nn.GraphSafe;
import clel.report.EvalKind;
import clel.report.EvalTable;
import clel.sampling.Composition;
import clel.sampling.ConditionLatents;
import clel.sampling.ConditionalSampler;
import clel.sampling.ImageBytes;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code clel sample}: SGLD from uniform noise with a trained model (paper Sections 4.1, 4.3, 4.4):
 * unconditional, instance-conditional (z from the encoder on given images), class-conditional (zbar per class)
 * and compositional (eq. 15 over attributes, with negated and weighted attributes); beyond the paper, conditioning on
 * the user's own images ({@code --like}) and latent interpolation ({@code --interpolate}), see {@link GuidedSampling}.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate samples with SGLD from noise; writes NAME.png (grid) and NAME.npy (uint8, N x H x W x C).")
final class SampleCommand implements Callable<Integer> {
    enum Mode { unconditional, instance, classes, compose }

    @Mixin
    ModelOptions model;

    @Option(names = "--mode", defaultValue = "unconditional",
            description = "unconditional, instance, classes or compose (default: ${DEFAULT-VALUE})")
    Mode mode;

    @Option(names = "--count", defaultValue = "64", description = "unconditional: number of samples (default: ${DEFAULT-VALUE})")
    int count;

    @Option(names = "--per-condition", defaultValue = "8", description = "samples per instance, class, composition, --like "
            + "or --interpolate row (default: ${DEFAULT-VALUE})")
    int perCondition;

    @Mixin
    SamplerOptions sampling;

    @Option(names = "--batch", defaultValue = "64", description = "chains sampled at once (default: ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--beta", description = "beta of the latent term for conditional sampling (default: loss.beta of the run)")
    Float beta;

    @Option(names = "--data", defaultValue = "shapes",
            description = "labelled held-out set for instance/class/compose latents (default: ${DEFAULT-VALUE})")
    String data;

    @Option(names = "--instances", defaultValue = "8", description = "instance mode: number of input images (default: ${DEFAULT-VALUE})")
    int instances;

    @Option(names = "--latent-images", defaultValue = "200",
            description = "images per class/attribute aggregated into zbar (default: ${DEFAULT-VALUE})")
    int latentImages;

    @Option(names = "--attributes", split = ",", description = "compose: attributes, e.g. red,large (one composition); "
            + "-NAME wants NAME absent (the z-bar of the images without it), NAME=W weighs its term by W (W < 0 negates)")
    List<String> attributes = new ArrayList<>();

    @Option(names = "--like", paramLabel = "FOLDER", description = "condition on the z-bar of your own images (a folder "
            + "or .zip of PNG/JPEG, read only); with --attributes, one more term of the composition")
    Path like;

    @Option(names = "--interpolate", arity = "2", paramLabel = "IMAGE", description = "a grid between two images: "
            + "row k samples p(x|z) at the slerp of their latents, t = k/(points-1)")
    List<Path> interpolate;

    @Option(names = "--points", defaultValue = "8", description = "--interpolate: latents along the arc, both ends "
            + "included (default: ${DEFAULT-VALUE})")
    int points;

    @Option(names = "--name", description = "output file name without extension (default: samples-MODE)")
    String name;

    @Option(names = "--classifier", description = "external classifier (clel classifier train) that judges the samples: "
            + "confusion matrix for classes mode (paper Fig. 3c), attribute rates for compose mode (Fig. 4b), "
            + "predicted class frequencies otherwise")
    Path classifier;

    @Spec
    CommandSpec spec;

    /** The class labels whose z-bar conditioned the rows of the classes mode, in row order. */
    private List<Integer> conditionedClasses = List.of();

    /** --attributes parsed; null without it. */
    private Composition composition;

    @Override
    public Integer call() throws Exception {
        if (count <= 0 || perCondition <= 0 || batch <= 0 || instances <= 0 || latentImages <= 0) {
            throw new IllegalArgumentException("--count, --per-condition, --batch, --instances and --latent-images must be positive");
        }
        composition = attributes.isEmpty() ? null : Composition.parse(attributes);
        SampleRequest request = SampleRequest.of(mode, like != null, interpolate != null, composition != null);
        if (points < 2 || points > 64) {
            throw new IllegalArgumentException("--points must be 2..64, got " + points);
        }
        PrintWriter pw = spec.commandLine().getOut();
        String base = name != null ? name : request.defaultName();
        ai.djl.Device device = model.device.device();
        // the classifier is read and checked before sampling: a wrong file ends the command before the minutes of SGLD
        try (TrainedClassifier judge = classifier == null ? null : loadJudge(device);
             TrainedModel m = model.load(); NDManager scope = m.manager().newSubManager()) {
            var cfg = m.config();
            int s = sampling.steps(cfg);
            float b = beta != null ? beta : (float) cfg.loss().beta();
            int r = sampling.rounds(cfg);
            ConditionalSampler sampler = sampling.sampler(m);
            int seed = sampling.seed;
            Shape img = m.imageShape();
            long t0 = System.nanoTime();
            Path dir = model.outputDir();
            if (like != null) {
                UserPaths.requireOutside(dir, like, "your images, --like");
            }
            for (Path in : interpolate != null ? interpolate : List.<Path>of()) {
                for (String ext : List.of(".png", ".npy", ".json", "-judged.json")) {
                    UserPaths.requireNotSameFile(dir.resolve(base + ext), in, "an image of --interpolate");
                }
            }
            GuidedSampling.Drawn drawn = switch (request.kind()) {
                case INTERPOLATE -> GuidedSampling.interpolate(scope, m, sampler, interpolate, points, perCondition, b,
                        seed);
                case LIKE, COMPOSE -> {
                    ImageSet set = composition == null ? null
                            : DataSources.named(data, (int) img.get(1), latentImages * 20, 2);
                    yield GuidedSampling.compose(scope, m, sampler, composition, set, like, latentImages,
                            perCondition, b, seed);
                }
                case UNCONDITIONAL -> {
                    NDArray samples;
                    try (SamplingProgress ignored = new SamplingProgress(sampler, (count + batch - 1) / batch)) {
                        samples = sampler.unconditional(scope, count, batch, seed);
                    }
                    yield new GuidedSampling.Drawn(samples, samples, (int) Math.ceil(Math.sqrt(count)),
                            count + " unconditional samples");
                }
                case INSTANCE -> {
                    ImageSet set = DataSources.named(data, (int) img.get(1), Math.max(instances, latentImages), 2);
                    NDArray inputs = images(scope, set, firstN(instances));
                    float[][] z = m.latents(inputs.toFloatArray());
                    List<NDArray> rows = new ArrayList<>();
                    try (SamplingProgress ignored = new SamplingProgress(sampler, instances)) {
                        for (int i = 0; i < instances; i++) {
                            NDArray zi = GraphSafe.constant(scope, z[i], new Shape(1, z[i].length));
                            rows.add(inputs.get(i + ":" + (i + 1)));
                            rows.add(sampler.conditional(scope, zi, perCondition, b, seed + i));
                        }
                    }
                    NDArray shown = NDArrays.concat(new NDList(rows), 0);
                    yield new GuidedSampling.Drawn(shown, shown, perCondition + 1, "instance-conditional samples: "
                            + "each row = input image, then " + perCondition + " samples of p(x|z)");
                }
                case CLASSES -> {
                    ImageSet set = DataSources.named(data, (int) img.get(1), latentImages * 20, 2);
                    List<NDArray> rows = new ArrayList<>();
                    conditionedClasses = set.presentClasses();
                    try (SamplingProgress ignored = new SamplingProgress(sampler, conditionedClasses.size())) {
                        for (int c : conditionedClasses) {
                            NDArray zbar = ConditionLatents.ofClass(scope, m, set, c, latentImages);
                            rows.add(sampler.conditional(scope, zbar, perCondition, b, seed + c));
                        }
                    }
                    NDArray shown = NDArrays.concat(new NDList(rows), 0);
                    yield new GuidedSampling.Drawn(shown, shown, perCondition, "class-conditional samples, one row per "
                            + "class: " + String.join(", ",
                            conditionedClasses.stream().map(set.classNames()::get).toList()));
                }
            };
            NDArray samples = drawn.samples();
            String what = drawn.what();
            double secs = (System.nanoTime() - t0) / 1e9;
            Files.createDirectories(dir);
            if (judge != null) {
                judge(judge, request.kind(), samples, dir.resolve(base + "-judged.json"), base + ".png", pw);
            }
            ImageGrid.writePng(ImageGrid.tile(drawn.shown(), drawn.columns(), 2, 2), dir.resolve(base + ".png"));
            Shape sh = samples.getShape();
            NpyFile.writeUint8(dir.resolve(base + ".npy"), ImageBytes.toNhwc(samples.toFloatArray(), (int) sh.get(0),
                    (int) sh.get(1), (int) sh.get(2), (int) sh.get(3)), (int) sh.get(0), (int) sh.get(2), (int) sh.get(3), (int) sh.get(1));
            EvalTable.of(request.kind().title(), List.of("what", "SGLD steps", "beta", "weights", "seconds"),
                    List.of(List.of(what, r + " x " + s, b, model.live ? "live" : "EMA", String.format(Locale.ROOT, "%.1f", secs))),
                    List.of(base + ".png"), "").write(dir.resolve(base + ".json"));
            pw.printf(Locale.ROOT, "%s (%d x %d SGLD steps, %.1f s)%nwrote %s and %s%n", what, r, s, secs, dir.resolve(base + ".png"),
                    dir.resolve(base + ".npy"));
        }
        pw.flush();
        return 0;
    }

    /** --classifier on {@code device}, read and checked against what this mode asks of it (compose: the attributes). */
    private TrainedClassifier loadJudge(ai.djl.Device device) throws IOException {
        UserPaths.requireRegularFile(classifier, "the classifier that judges the samples, --classifier");
        TrainedClassifier c = Activity.reading("classifier " + classifier,
                () -> TrainedClassifier.load(classifier, device));
        try {
            if (composition != null) {
                SampleJudge.requireAttributes(c, composition.attributes());
            }
            return c;
        } catch (IllegalArgumentException e) {
            c.close();
            throw new IllegalArgumentException(classifier + ": " + e.getMessage());
        }
    }

    /**
     * Classifies the samples with the external classifier and writes what it finds as an evaluation table: the
     * confusion matrix of class-conditional samples, the attribute rates of composed ones, else the predicted classes.
     */
    private void judge(TrainedClassifier c, SampleKind kind, NDArray samples, Path json, String image, PrintWriter pw)
            throws IOException {
        List<String> names = c.outputNames();
        List<List<Object>> rows = new ArrayList<>();
        String title;
        switch (kind) {
            case CLASSES -> {
                SampleJudge.ClassAccuracy judged = SampleJudge.classConditional(c, samples, conditionedClasses,
                        perCondition);
                long[][] confusion = judged.confusion();
                for (int r : conditionedClasses) {
                    List<Object> row = new ArrayList<>();
                    row.add(names.get(r));
                    for (long v : confusion[r]) {
                        row.add(v);
                    }
                    rows.add(row);
                }
                double acc = judged.accuracy();
                title = String.format(Locale.ROOT, "%s%s: accuracy %.3f", EvalKind.CLASS_JUDGED.title(),
                        classifier.getFileName(), acc);
                long n = samples.getShape().get(0);
                ProportionInterval ci = ProportionInterval.wilson95(Math.round(acc * n), n);
                pw.printf(Locale.ROOT, "external classifier %s: class-conditional accuracy %.3f (95%% Wilson interval "
                        + "%.3f to %.3f, %d samples)%n", classifier, acc, ci.low(), ci.high(), n);
                List<String> columns = new ArrayList<>(List.of("conditioned on \\ predicted"));
                columns.addAll(names);
                EvalTable.of(title, columns, rows, List.of(image), "rows: the class whose zbar conditioned the samples; "
                        + "columns: the classifier's prediction (paper Fig. 3c)").write(json);
                printRows(pw, columns, rows);
                return;
            }
            case COMPOSE -> {
                Map<String, Boolean> wanted = new LinkedHashMap<>();
                composition.terms().forEach(t -> wanted.put(t.attribute(), t.present()));
                SampleJudge.WantedRates rates = SampleJudge.wantedRates(c, samples, wanted);
                for (Composition.Term t : composition.terms()) {
                    rows.add(List.of(t.attribute(), t.present() ? "present" : "absent", t.magnitude(),
                            rate(rates.present().get(t.attribute())), rate(rates.asWanted().get(t.attribute()))));
                }
                rows.add(List.of("all at once", "", "", "", rate(rates.all())));
                long n = samples.getShape().get(0);
                ProportionInterval ci = ProportionInterval.wilson95(Math.round(rates.all() * n), n);
                pw.printf(Locale.ROOT, "external classifier %s: every attribute as wanted in %.3f of the samples (95%% "
                        + "Wilson interval %.3f to %.3f, %d samples)%n", classifier, rates.all(), ci.low(), ci.high(), n);
                title = EvalKind.COMPOSE_JUDGED.title() + classifier.getFileName() + ": " + composition.describe();
                List<String> columns = List.of("attribute", "wanted", "weight", "predicted present", "as wanted");
                EvalTable.of(title, columns, rows, List.of(image), "paper Fig. 4b; a negated attribute is wanted absent "
                        + "(" + samples.getShape().get(0) + " samples)").write(json);
                printRows(pw, columns, rows);
                return;
            }
            default -> {
                long[] counts = SampleJudge.predictedClassCounts(c, samples);
                for (int k = 0; k < names.size(); k++) {
                    rows.add(List.of(names.get(k), counts[k]));
                }
                title = "Predicted classes of the samples (" + classifier.getFileName() + ")";
                EvalTable.of(title, List.of("class", "samples"), rows, List.of(image), "").write(json);
                printRows(pw, List.of("class", "samples"), rows);
            }
        }
    }

    private static String rate(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }

    private static void printRows(PrintWriter pw, List<String> columns, List<List<Object>> rows) {
        pw.println(String.join("\t", columns));
        for (List<Object> r : rows) {
            pw.println(String.join("\t", r.stream().map(String::valueOf).toList()));
        }
    }

    private static int[] firstN(int n) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        return idx;
    }

    private static NDArray images(NDManager m, ImageSet set, int[] idx) {
        return clel.data.BatchSampler.toNDArray(m, set, idx);
    }
}

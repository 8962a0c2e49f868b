package clel.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.config.ConfigLoader;
import clel.config.EncoderObjectiveKind;
import clel.config.EncoderObjectiveSettings;
import clel.config.EnergySize;
import clel.config.EnumKeys;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import clel.encoder.EncoderObjective;
import clel.encoder.LatentEncoder;
import clel.energy.EnergyModel;
import clel.model.ClelNetworks;
import clel.model.NetworkSelfCheck;
import clel.nn.ConvolutionSelfCheck;
import clel.nn.CpuInstructionSet;
import clel.nn.ParameterCounting;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code clel info}: the networks' layer summary and parameter counts. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Print the networks' layers and parameter counts (f and g together match the paper's Table 3), "
                + "or with --self-check test this host's kernels on the networks' convolutions.")
final class InfoCommand implements Callable<Integer> {

    @Option(names = "--model", defaultValue = "base",
            description = "EBM size: small, base, base-multiscale, large, tiny (default: ${DEFAULT-VALUE})")
    String model;

    @Option(names = "--encoder-width", defaultValue = "64", description = "ResNet-18 encoder base width (paper: 64)")
    int encoderWidth;

    @Option(names = "--encoder-objective", defaultValue = "simclr",
            description = "How h learns: simclr, byol (adds BYOL's predictor and target network), mae (h = a frozen "
                    + "MAE encoder + an MLP) or another registered objective, whose own blocks are listed "
                    + "(default: ${DEFAULT-VALUE})")
    String objective;

    @Parameters(arity = "0..*", paramLabel = "encoder_objectives.KEY.NAME=value",
            description = "The objective's own settings, as in a configuration, e.g. "
                    + "encoder_objectives.mae.encoder=mae-vit-tiny.pt (docs/mae.md)")
    List<String> settings = new ArrayList<>();

    @Option(names = "--depth", defaultValue = "3", description = "Levels of the layer tree to print (default: ${DEFAULT-VALUE})")
    int depth;

    @Option(names = "--self-check",
            description = "Instead of the summary: run every convolution of these networks "
                    + ConvolutionSelfCheck.RUNS + " times forward and backward on this host and check that the "
                    + "results are finite and identical (training runs the same check first); exit status 1 if not")
    boolean selfCheck;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        EnergySize size = EnumKeys.parse(EnergySize.class, model, "--model");
        EncoderObjectiveKind kind = EncoderObjectiveKind.parse(objective, "--encoder-objective");
        EncoderObjectiveSettings own = ConfigLoader.encoderObjectiveSettings(settings);
        own.check(kind);
        EncoderObjective.Definition definition = EncoderObjective.definition(kind);
        ModelConfig cfg = ModelConfig.paper(size).toBuilder().encoderWidth(encoderWidth).build();
        // the loss settings of defaults.yaml (the paper's), with this objective; they do not change what is counted
        LossConfig loss = ConfigLoader.defaults().loss().toBuilder().encoderObjective(kind).build();
        PrintWriter out = spec.commandLine().getOut();
        Shape input = new Shape(1, cfg.channels(), cfg.imageSize(), cfg.imageSize());
        // on the CPU: counting parameters needs no device, and the self-check tests this host's CPU kernels
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            // the files the settings name are the user's: pinned as training pins them
            EncoderObjectiveSettings pinned = definition.pin(own);
            ClelNetworks networks = ClelNetworks.create(cfg, definition.encoder(cfg, pinned, m), m);
            EnergyModel ebm = networks.ebm();
            LatentEncoder encoder = networks.encoder();
            if (selfCheck) {
                return selfCheck(out, networks, m);
            }
            out.printf("EBM f + projector g (model %s, input %s)%n", size, input);
            printTree(out, "ebm", ebm, 0);
            printEncoder(out, encoder);
            long f = ParameterCounting.trainable(ebm.featureNetwork());
            long g = ParameterCounting.trainable(ebm.projector());
            out.printf("%nParameters (trainable; power-iteration vectors and BatchNorm statistics excluded)%n");
            out.printf("  f (EBM network)        %,14d%n", f);
            out.printf("  g (projector, %s)      %,14d%n", cfg.projector(), g);
            out.printf("  f + g                  %,14d%n", f + g);
            out.printf("  h (latent encoder)     %,14d%n", ParameterCounting.trainable(encoder));
            long frozen = encoder.frozenParameterCounts(Integer.MAX_VALUE).values().stream().mapToLong(Long::longValue)
                    .sum();
            if (frozen > 0) {
                out.printf("  %-22s %,14d  (not trained, not in checkpoints)%n", "h's " + encoder.frozenPartName(),
                        frozen);
            }
            out.printf("  buffers (u, v, BN stats)%,13d%n", bufferCount(ebm) + bufferCount(encoder));
            EncoderObjective obj = definition.create(loss, cfg, pinned, encoder, m);
            for (Map.Entry<String, Block> e : obj.state().entrySet()) {
                boolean trained = obj.trainable().contains(e.getValue());
                out.printf("  %-22s %,14d  (objective %s's %s, checkpoint entry %s)%n", e.getKey().replace(".params", ""),
                        ParameterCounting.trainable(e.getValue()), kind, trained ? "trained block" : "state, not trained",
                        e.getKey());
            }
            for (Block extra : obj.trainable()) {
                out.printf("%nObjective %s: %s (trained with h)%n", kind, extra.getClass().getSimpleName());
                printTree(out, extra.getClass().getSimpleName(), extra, 0);
            }
        }
        out.flush();
        return 0;
    }

    /** The host self-check on these networks: one line per distinct convolution, then the verdict. */
    private int selfCheck(PrintWriter out, ClelNetworks networks, NDManager m) {
        out.printf("Host self-check (model %s, encoder width %d): %s%n", networks.config().size(), encoderWidth,
                CpuInstructionSet.describe());
        long t0 = System.nanoTime();
        List<ConvolutionSelfCheck.Outcome> outcomes = NetworkSelfCheck.run(networks, m);
        ConvolutionSelfCheck.Outcome failed = null;
        for (ConvolutionSelfCheck.Outcome o : outcomes) {
            out.printf("  %-4s %-70s %7.1f ms%n", o.ok() ? "ok" : "FAIL", o.describe(), o.millis());
            if (failed == null && !o.ok()) {
                failed = o;
            }
        }
        out.printf("%d convolutions checked in %.0f ms%n", outcomes.size(), (System.nanoTime() - t0) / 1e6);
        if (failed != null) {
            out.println("clel: " + NetworkSelfCheck.failure(failed));
        } else {
            out.println("self-check passed: every convolution's output and gradients are finite and identical in "
                    + ConvolutionSelfCheck.RUNS + " runs");
        }
        out.flush();
        return failed == null ? 0 : 1;
    }

    /**
     * h: what it is, its frozen part's modules if it has one (e.g. a frozen MAE encoder, Appendix C), then its trained
     * layers.
     */
    private void printEncoder(PrintWriter out, LatentEncoder h) {
        out.printf("%nLatent encoder h (%s)%n", h.description());
        Map<String, Long> frozen = h.frozenParameterCounts(Math.max(1, depth - 1));
        if (frozen.isEmpty()) {
            printTree(out, "encoder", h, 0);
            return;
        }
        out.printf("  %-48s %-22s %12s%n", h.frozenPartName(), "", "frozen");
        for (var e : frozen.entrySet()) {
            out.printf("  %-48s %-22s %,12d%n", "  " + e.getKey(), "", e.getValue());
        }
        out.printf("  %-48s %-22s %12s%n", "", "", "trainable");
        printTree(out, "encoder", h, 0);
    }

    private static long bufferCount(Block b) {
        long n = 0;
        for (Pair<String, Parameter> p : b.getParameters()) {
            if (!ParameterCounting.isTrainable(p.getValue())) {
                n += p.getValue().getShape().size();
            }
        }
        return n;
    }

    private void printTree(PrintWriter out, String name, Block block, int level) {
        if (level >= depth) {
            return;
        }
        out.printf("  %-48s %-22s %,12d%n", "  ".repeat(level) + name, block.getClass().getSimpleName(),
                ParameterCounting.trainable(block));
        for (Pair<String, Block> child : block.getChildren()) {
            printTree(out, child.getKey().replaceFirst("^\\d+", ""), child.getValue(), level + 1);
        }
    }
}

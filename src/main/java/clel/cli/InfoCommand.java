package clel.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import clel.config.ConfigLoader;
import clel.config.EncoderObjectiveKind;
import clel.config.EnergySize;
import clel.config.EnumKeys;
import clel.config.LossConfig;
import clel.config.ModelConfig;
import clel.encoder.ContrastiveEncoder;
import clel.encoder.EncoderObjective;
import clel.encoder.LatentEncoder;
import clel.encoder.MaeBackbone;
import clel.encoder.MaeEncoder;
import clel.energy.EnergyModel;
import clel.model.ClelNetworks;
import clel.model.NetworkSelfCheck;
import clel.nn.ConvolutionSelfCheck;
import clel.nn.CpuInstructionSet;
import clel.nn.ParameterCounting;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
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
            description = "How h learns: simclr, byol (adds BYOL's predictor and target network), mae (h = the frozen "
                    + "--mae-encoder + an MLP) or another registered objective, whose own blocks are listed "
                    + "(default: ${DEFAULT-VALUE})")
    String objective;

    @Option(names = "--mae-encoder", paramLabel = "FILE",
            description = "With --encoder-objective mae: the frozen MAE encoder's TorchScript file (model.mae_encoder)")
    Path maeEncoder;

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
    public Integer call() throws IOException {
        EnergySize size = EnumKeys.parse(EnergySize.class, model, "--model");
        EncoderObjectiveKind kind = EncoderObjectiveKind.parse(objective, "--encoder-objective");
        if (kind.key().equals("mae") != (maeEncoder != null)) {
            throw new IllegalArgumentException("--encoder-objective mae and --mae-encoder FILE go together");
        }
        ModelConfig base = ModelConfig.paper(size);
        ModelConfig cfg = new ModelConfig(size, base.featureDim(), base.headHidden(), base.projector(),
                base.projectorHidden(), base.energyHead(), encoderWidth, base.encoderHidden(), base.imageSize(),
                base.channels(), base.inputMean(), base.inputStd(), maeEncoder == null ? "" : maeEncoder.toString(), "",
                base.channelsLast());
        PrintWriter out = spec.commandLine().getOut();
        Shape input = new Shape(1, cfg.channels(), cfg.imageSize(), cfg.imageSize());
        // on the CPU: counting parameters needs no device, and the self-check tests this host's CPU kernels
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            EnergyModel ebm = new EnergyModel(cfg);
            ebm.initialize(m, DataType.FLOAT32, input);
            LatentEncoder encoder = maeEncoder == null ? new ContrastiveEncoder(cfg) : MaeEncoder.load(MaeBackbone.pin(cfg), m);
            encoder.initialize(m, DataType.FLOAT32, input);
            if (selfCheck) {
                return selfCheck(out, new ClelNetworks(cfg, ebm, encoder), m);
            }
            out.printf("EBM f + projector g (model %s, input %s)%n", size, input);
            printTree(out, "ebm", ebm, 0);
            if (encoder instanceof MaeEncoder mae) {
                printMae(out, mae);
            } else {
                out.printf("%nLatent encoder h (ResNet-18, width %d)%n", encoderWidth);
                printTree(out, "encoder", encoder, 0);
            }
            long f = ParameterCounting.trainable(ebm.featureNetwork());
            long g = ParameterCounting.trainable(ebm.projector());
            out.printf("%nParameters (trainable; power-iteration vectors and BatchNorm statistics excluded)%n");
            out.printf("  f (EBM network)        %,14d%n", f);
            out.printf("  g (projector, %s)      %,14d%n", cfg.projector(), g);
            out.printf("  f + g                  %,14d%n", f + g);
            out.printf("  h (latent encoder)     %,14d%n", ParameterCounting.trainable(encoder));
            if (encoder instanceof MaeEncoder mae) {
                out.printf("  h's frozen MAE encoder %,14d  (not trained, not in checkpoints)%n",
                        mae.backbone().parameterCount());
            }
            out.printf("  buffers (u, v, BN stats)%,13d%n", bufferCount(ebm) + bufferCount(encoder));
            LossConfig d = ConfigLoader.load("tiny", List.of()).loss();
            EncoderObjective obj = EncoderObjective.of(new LossConfig(d.alpha(), d.beta(), d.temperature(),
                    d.useNegatives(), kind, d.byolTargetDecay()), cfg, encoder, m);
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

    /** h = frozen MAE encoder + MLP: the frozen file's modules, then the MLP's layers (Appendix C). */
    private void printMae(PrintWriter out, MaeEncoder h) {
        MaeBackbone frozen = h.backbone();
        out.printf("%nLatent encoder h (Appendix C): frozen MAE encoder %s (%d features), then a trainable MLP%n",
                frozen.file(), frozen.width());
        out.printf("  %-48s %-22s %12s%n", "frozen (TorchScript)", "", "frozen");
        for (var e : frozen.parameterCounts(Math.max(1, depth - 1)).entrySet()) {
            out.printf("  %-48s %-22s %,12d%n", "  " + e.getKey(), "", e.getValue());
        }
        out.printf("  %-48s %-22s %12s%n", "", "", "trainable");
        printTree(out, "mlp", h, 0);
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

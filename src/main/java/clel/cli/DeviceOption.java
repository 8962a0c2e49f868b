package clel.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The {@code --device} option of every command that computes (a picocli mixin), and its parser: {@code cpu},
 * {@code gpu} (= {@code gpu0}) or {@code gpuN}. A name is checked before any work starts: an unknown name, or a GPU
 * the loaded libtorch cannot use, is a one-line {@link IllegalArgumentException} naming the value and the option.
 */
public final class DeviceOption {
    /** The option's name, as messages quote it. */
    public static final String OPTION = "--device";

    @Option(names = OPTION, defaultValue = "cpu", paramLabel = "DEVICE", description = "cpu, gpu or gpuN (gpu = gpu0); "
            + "every array of the computation lives there. A GPU needs the CUDA build of libtorch: start clel with "
            + "--gpu (docs/gpu.md) (default: ${DEFAULT-VALUE})")
    String name = "cpu";

    /** The option's value as given. */
    public String name() {
        return name;
    }

    /** The device the option names, checked ({@link #parse}). */
    public Device device() {
        return parse(name);
    }

    /**
     * The device a {@code --device} value names.
     *
     * @throws IllegalArgumentException one line naming the value and the option: an unknown name, or a GPU the
     *                                  loaded libtorch does not see (the CPU build, or no such CUDA device)
     */
    public static Device parse(String value) {
        String n = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        if (n.equals("cpu")) {
            return Device.cpu();
        }
        if (n.equals("gpu") || n.matches("gpu\\d{1,3}")) {
            int id = n.equals("gpu") ? 0 : Integer.parseInt(n.substring(3));
            Engine engine = Engine.getInstance();
            if (!engine.hasCapability("CUDA")) {
                throw new IllegalArgumentException(OPTION + " " + value + ": the loaded libtorch is the CPU build ("
                        + libtorch() + "); start clel with --gpu (or CLEL_GPU=1) for the CUDA build, see docs/gpu.md, "
                        + "or use " + OPTION + " cpu");
            }
            int gpus = engine.getGpuCount();
            if (id >= gpus) {
                throw new IllegalArgumentException(OPTION + " " + value + ": the CUDA build of libtorch sees " + gpus
                        + " GPU" + (gpus == 1 ? "" : "s") + (gpus == 0 ? " on this host (no CUDA device or driver)" : "")
                        + "; use " + OPTION + " cpu" + (gpus > 0 ? " or gpu0 to gpu" + (gpus - 1) : ""));
            }
            return Device.gpu(id);
        }
        throw new IllegalArgumentException(OPTION + ": unknown device '" + value + "'; valid: cpu, gpu, gpu0, gpu1, ...");
    }

    /** Where DJL loaded libtorch from (its folder names the build, e.g. 2.7.1-cpu-linux-x86_64). */
    private static String libtorch() {
        try {
            return "libtorch " + Engine.getInstance().getVersion() + " from "
                    + ai.djl.pytorch.jni.LibUtils.getLibtorchPath();
        } catch (RuntimeException | LinkageError e) {
            return "libtorch " + Engine.getInstance().getVersion();
        }
    }
}

package clel.cli;

import static clel.cli.CliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import clel.cli.CliTest.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Every command that computes takes --device; an unknown device, and a GPU on a host without one, are one-line errors
 * naming the value and the option, reported before any work starts.
 */
class DeviceOptionTest {
    /** The commands that compute (networks, sampling, training, scoring), by their full names. */
    private static final Set<String> COMPUTING = Set.of("train", "experiment", "bench", "sample", "ood", "analyze", "fd",
            "classifier train", "classifier eval", "restore");

    @TempDir
    Path dir;

    /** Each computing command's arguments with {@code device} (a checkpoint that does not exist is never read). */
    private List<String[]> invocations(String device) {
        String ckpt = dir.resolve("run").resolve("last.ckpt").toString();
        String clf = dir.resolve("c.clf").toString();
        return List.of(
                new String[] {"train", "tiny", "-o", dir.resolve("t").toString(), "--device", device},
                new String[] {"experiment", "ablation-beta", "--device", device},
                new String[] {"bench", "tiny", "--device", device},
                new String[] {"sample", ckpt, "--device", device},
                new String[] {"ood", ckpt, "--in", "shapes", "--out", "shapes-noise", "--device", device},
                new String[] {"analyze", ckpt, "--device", device},
                new String[] {"fd", ckpt, "--classifier", clf, "--device", device},
                new String[] {"classifier", "train", "-o", clf, "--device", device},
                new String[] {"classifier", "eval", "--model", clf, "--device", device},
                new String[] {"restore", ckpt, "--input", dir.resolve("in").toString(), "--mask", "box", "--device",
                        device});
    }

    @Test
    void everyComputingCommandTakesDevice() {
        Set<String> with = new TreeSet<>();
        collect(new CommandLine(new Main()), "", with);
        assertEquals(new TreeSet<>(COMPUTING), with, "commands with --device");
    }

    private static void collect(CommandLine cl, String prefix, Set<String> with) {
        for (var e : cl.getSubcommands().entrySet()) {
            String name = (prefix + " " + e.getKey()).trim();
            if (e.getValue().getCommandSpec().findOption("--device") != null) {
                with.add(name);
            }
            collect(e.getValue(), name, with);
        }
    }

    @Test
    void anUnknownDeviceIsOneLineNamingTheValueAndTheOption() {
        for (String[] args : invocations("tpu")) {
            Result r = run(args);
            String what = String.join(" ", args);
            assertEquals(2, r.code(), what + ": " + r.out() + r.err());
            assertEquals("clel: error: --device: unknown device 'tpu'; valid: cpu, gpu, gpu0, gpu1, ...", r.err().strip(), what);
            assertEquals("", r.out(), what + ": nothing was done");
        }
        assertFalse(Files.exists(dir.resolve("t")), "train made no run folder");
    }

    @Test
    void aGpuOnAHostWithoutOneIsOneLine() {
        Engine engine = Engine.getInstance();
        Assumptions.assumeFalse(engine.hasCapability("CUDA") && engine.getGpuCount() > 0,
                "skipped: this host has a GPU that libtorch can use (the error appears only without one)");
        List<String> messages = new ArrayList<>();
        for (String[] args : invocations("gpu1")) {
            Result r = run(args);
            String what = String.join(" ", args);
            assertEquals(2, r.code(), what + ": " + r.out() + r.err());
            assertEquals(1, r.err().strip().lines().count(), what + ": " + r.err());
            assertTrue(r.err().startsWith("clel: error: --device gpu1: the "), what + ": " + r.err());
            assertTrue(r.err().contains("use --device cpu"), r.err());
            messages.add(r.err());
        }
        assertEquals(1, new TreeSet<>(messages).size(), "one message for all commands: " + messages);
    }

    @Test
    void parsingNamesCpuAndGpus() {
        assertEquals(ai.djl.Device.cpu(), DeviceOption.parse("cpu"));
        assertEquals(ai.djl.Device.cpu(), DeviceOption.parse(" CPU "));
        for (String bad : new String[] {"", "gpu-1", "gpu99999", "cuda", "cpu0"}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> DeviceOption.parse(bad));
            assertEquals("--device: unknown device '" + bad + "'; valid: cpu, gpu, gpu0, gpu1, ...", e.getMessage());
        }
    }
}

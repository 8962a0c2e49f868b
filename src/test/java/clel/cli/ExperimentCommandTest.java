package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.run.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** clel experiment --parallel with micro runs in real training processes, and clel compare's one-line errors. */
class ExperimentCommandTest {
    /** The training processes (clel train in a child JVM) this JVM has started, as they are seen running. */
    private static final class ChildWatch implements AutoCloseable {
        final Map<Long, List<String>> arguments = new ConcurrentHashMap<>();
        final Map<Long, String> environment = new ConcurrentHashMap<>();
        final AtomicInteger mostAtOnce = new AtomicInteger();
        private final AtomicBoolean stop = new AtomicBoolean();
        private final Thread thread = new Thread(this::watch, "child-watch");

        ChildWatch() {
            thread.setDaemon(true);
            thread.start();
        }

        private void watch() {
            while (!stop.get()) {
                // direct children only: a training process may fork helpers that show its command line until they exec
                List<ProcessHandle> training = ProcessHandle.current().children().filter(p -> p.info().arguments()
                        .map(a -> List.of(a).contains("clel.cli.Main")).orElse(false)).toList();
                mostAtOnce.accumulateAndGet(training.size(), Math::max);
                for (ProcessHandle p : training) {
                    p.info().arguments().ifPresent(a -> arguments.putIfAbsent(p.pid(), List.of(a)));
                    try {
                        environment.putIfAbsent(p.pid(), Files.readString(Path.of("/proc/" + p.pid() + "/environ"),
                                StandardCharsets.ISO_8859_1));
                    } catch (IOException | RuntimeException e) {
                        // gone already, or no /proc
                    }
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            stop.set(true);
            thread.join();
        }
    }

    /** The last value a JVM's arguments give a system property. */
    private static String property(List<String> args, String name) {
        String value = null;
        for (String a : args) {
            if (a.startsWith("-D" + name + "=")) {
                value = a.substring(name.length() + 3);
            }
        }
        return value;
    }

    @Test
    void twoMicroRunsTrainAtOnceEachOnItsShareOfTheThreads(@TempDir Path tmp) throws Exception {
        List<String> overrides = new ArrayList<>(clel.TestModels.microOverrides(tmp.resolve("unused")));
        overrides.removeIf(o -> o.startsWith("output_dir=") || o.startsWith("seed="));
        Path file = tmp.resolve("micro.yaml");
        Files.writeString(file, "base: tiny\noverrides: [" + String.join(", ", overrides) + "]\ngrid:\n  seed: [0, 1]\n"
                + "evaluate:\n  knn: true\n  knn_reference: 32\n  knn_queries: 8\noutput: " + tmp.resolve("exp") + "\n");
        int total = Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors());
        CliTest.Result r;
        try (ChildWatch watch = new ChildWatch()) {
            r = CliTest.run("experiment", file.toString(), "--parallel", "2");
            watch.close();
            assertEquals(0, r.code(), r.out() + r.err());
            assertTrue(r.out().contains("2 runs at a time, " + Math.max(1, total / 2) + " thread"), r.out());
            assertEquals(2, watch.mostAtOnce.get(), "two training processes at once: " + watch.arguments.keySet());
            assertTrue(watch.arguments.size() >= 2, watch.arguments.keySet().toString());
            for (Map.Entry<Long, List<String>> e : watch.arguments.entrySet()) {
                assertEquals(String.valueOf(Math.max(1, total / 2)), property(e.getValue(), "ai.djl.pytorch.num_threads"),
                        "process " + e.getKey());
                String env = watch.environment.get(e.getKey());
                if (env != null) {
                    assertTrue(List.of(env.split("\0")).contains("OMP_NUM_THREADS=" + Math.max(1, total / 2)), env);
                }
            }
        }
        for (String run : List.of("001-seed-0", "002-seed-1")) {
            Path dir = tmp.resolve("exp").resolve(run);
            assertEquals(4, Checkpoint.iterationOf(dir.resolve("last.ckpt")), run);
            String console = Files.readString(dir.resolve("console.txt"));
            assertTrue(console.contains("done: 4 iterations"), run + ": its console output: " + console);
            assertTrue(r.out().contains("run " + (run.charAt(2) - '0') + "/2 seed=" + (run.charAt(2) - '1') + ": 1-NN accuracy "),
                    r.out());
        }
        for (String f : List.of("results.md", "results.json", "results.html")) {
            assertTrue(Files.isRegularFile(tmp.resolve("exp").resolve(f)), f);
        }
        assertTrue(Files.readString(tmp.resolve("exp/results.md")).contains("| all | 2 |"));
    }

    @Test
    void mistakesAreOneLineErrors(@TempDir Path tmp) throws Exception {
        CliTest.Result r = CliTest.run("experiment", "ablation-negatives", "--parallel", "0");
        assertEquals(2, r.code());
        assertEquals("clel: error: --parallel must be at least 1, got 0\n", r.err());
        r = CliTest.run("compare", tmp.resolve("nope").toString());
        assertEquals(2, r.code());
        assertEquals("clel: error: " + tmp.resolve("nope") + ": no such folder\n", r.err());
        Files.createDirectories(tmp.resolve("empty"));
        r = CliTest.run("compare", tmp.resolve("empty").toString(), "-o", tmp.resolve("cmp").toString());
        assertEquals(2, r.code());
        assertEquals("clel: error: " + tmp.resolve("empty") + ": not a clel run folder (no config.yaml)\n", r.err());
        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "base: tiny\nevaluate:\n  compose: [red, large]\n");
        r = CliTest.run("experiment", bad.toString(), "--dry-run");
        assertEquals(2, r.code());
        assertEquals("clel: error: " + bad + ": evaluate.compose: 'red' names one attribute; a composition needs at least "
                + "two, e.g. red,large (several: [\"red,large\", \"blue,top_half\"])\n", r.err());
    }
}

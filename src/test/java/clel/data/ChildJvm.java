package clel.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The crafted-file tests' way to run clel for real with a small heap: a new JVM of this test's class path, where a
 * reader that allocates what a lying header claims ends in OutOfMemoryError instead of the expected one-line error;
 * and a snapshot of a folder's files to show that nothing of the user's was changed.
 */
public final class ChildJvm {
    /** The heap of the child JVMs: far below what the crafted headers claim. */
    public static final String SMALL_HEAP = "-Xmx256m";

    private ChildJvm() {
    }

    /** How a child JVM ended: exit status, standard output and standard error. */
    public record Result(int exitCode, String out, String err) {
        /** The first "clel: error: ..." line of standard error, without that prefix. */
        public String errorMessage() {
            return err.lines().filter(l -> l.startsWith("clel: error: ")).findFirst()
                    .map(l -> l.substring("clel: error: ".length()))
                    .orElseThrow(() -> new AssertionError("no error line; stdout: " + out + "\nstderr: " + err));
        }

        /** Asserts exit status 2 with one line on standard error, "clel: error: ...", containing every fragment. */
        public void assertOneLineError(String... fragments) {
            String where = "stdout: " + out + "\nstderr: " + err;
            assertEquals(2, exitCode, where);
            List<String> lines = err.lines().filter(l -> !l.isBlank()).toList();
            List<String> errors = lines.stream().filter(l -> l.startsWith("clel: error: ")).toList();
            assertEquals(1, errors.size(), where);
            assertTrue(lines.stream().noneMatch(l -> l.startsWith("\tat ") || l.contains("Exception in thread")), where);
            for (String f : fragments) {
                assertTrue(errors.get(0).contains(f), "'" + f + "' missing in: " + errors.get(0));
            }
        }
    }

    /** Runs {@code clel ARGS} ({@code clel.cli.Main}) in a new JVM with {@link #SMALL_HEAP}, in {@code workDir}. */
    public static Result clel(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("clel.cli.Main"));
        command.addAll(List.of(args));
        return run(workDir, command);
    }

    /** Runs {@code mainClass ARGS} of the test class path in a new JVM with {@link #SMALL_HEAP}. */
    public static Result run(Path workDir, List<String> mainAndArgs) throws IOException, InterruptedException {
        Process p = start(workDir, mainAndArgs);
        Path out = workDir.resolve("child.out");
        Path err = workDir.resolve("child.err");
        if (!p.waitFor(3, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("child JVM " + mainAndArgs + " still running after 3 minutes");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.delete(out);
        Files.delete(err);
        return r;
    }

    /** Starts {@code mainClass ARGS} in a new JVM with {@link #SMALL_HEAP}; output to child.out and child.err. */
    public static Process start(Path workDir, List<String> mainAndArgs) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                SMALL_HEAP, "-XX:+UseSerialGC", "-Djava.awt.headless=true", "-Dai.djl.offline=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn", "-cp", System.getProperty("java.class.path")));
        command.addAll(mainAndArgs);
        return new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(workDir.resolve("child.out").toFile())
                .redirectError(workDir.resolve("child.err").toFile()).start();
    }

    /**
     * Every file and link under {@code dir} (hidden ones included), by relative path: a file's SHA-256, a link's
     * target (links are not followed).
     */
    public static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String rel = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    out.put(rel, "link to " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    out.put(rel, sha256(p));
                }
            }
        }
        return out;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

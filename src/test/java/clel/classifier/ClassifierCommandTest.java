package clel.classifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.cli.ClassifierCommand;
import clel.data.ShapesDataset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code clel classifier train|eval} end to end with a tiny training. */
class ClassifierCommandTest {

    private record Run(int code, String out, Exception error) {
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        Exception[] error = new Exception[1];
        CommandLine cl = new CommandLine(new ClassifierCommand());
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            error[0] = ex;
            return 2;
        });
        int code = cl.execute(args);
        return new Run(code, out.toString(), error[0]);
    }

    @Test
    void trainWritesAFileThatEvalScoresIdentically(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("tiny.clf");
        Run train = run("train", "--train-size", "256", "--test-size", "64", "--iterations", "4", "--width", "4",
                "--batch-size", "32", "--log-every", "2", "-o", file.toString());
        assertEquals(0, train.code(), train.out() + train.error());
        assertTrue(train.out().contains("iteration 2/4"), train.out());
        assertTrue(train.out().contains("wrote " + file), train.out());
        try (TrainedClassifier c = TrainedClassifier.load(file)) {
            assertEquals(4, c.config().iterations());
            assertEquals(4, c.config().width());
            assertEquals("shapes", c.metadata().dataName());
            ClassifierEvaluation e = c.evaluate(ShapesDataset.test(64, 2023));
            String expected = String.format(Locale.ROOT, "held-out accuracy: %.2f%% (64 images)", 100 * e.accuracy());
            assertTrue(train.out().contains(expected), train.out());

            Run eval = run("eval", "--model", file.toString(), "--test-size", "64");
            assertEquals(0, eval.code(), eval.out() + eval.error());
            assertTrue(eval.out().contains(expected), eval.out());
            assertTrue(eval.out().contains("confusion matrix"), eval.out());
            long[][] m = e.confusion();
            StringBuilder circleRow = new StringBuilder("  circle  ");
            for (long v : m[0]) {
                circleRow.append(String.format(Locale.ROOT, "%6d", v));
            }
            assertTrue(eval.out().contains(circleRow + "   (0)"), eval.out() + "\nexpected row: " + circleRow);
        }
    }

    @Test
    void attributeModePrintsPerAttributeAccuracy(@TempDir Path dir) {
        Path file = dir.resolve("attr.clf");
        Run train = run("train", "--attributes", "--train-size", "64", "--test-size", "32", "--iterations", "2",
                "--width", "4", "--batch-size", "32", "-o", file.toString());
        assertEquals(0, train.code(), train.out() + train.error());
        assertTrue(train.out().contains("held-out attribute accuracy (mean over 10 attributes)"), train.out());
        assertTrue(train.out().contains("light_background"), train.out());
        assertTrue(Files.isRegularFile(file));
    }

    @Test
    void userMistakesSurfaceAsOneLineExceptions(@TempDir Path dir) {
        Path missing = dir.resolve("nope.clf");
        Run eval = run("eval", "--model", missing.toString());
        assertEquals(2, eval.code());
        assertInstanceOf(IOException.class, eval.error());
        assertEquals(missing + ": no such checkpoint file", eval.error().getMessage());

        Run badData = run("train", "--data", "imagenet1k", "--iterations", "1");
        assertEquals(2, badData.code());
        assertTrue(badData.error().getMessage().startsWith("data.name: unknown data set 'imagenet1k'"),
                badData.error().getMessage());

        Run badLr = run("train", "--lr", "-1", "--iterations", "1");
        assertInstanceOf(IllegalArgumentException.class, badLr.error());

        Run noSubcommand = run();
        assertEquals(2, noSubcommand.code());
    }
}

package clel.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The arguments {@code clel train} gives the training processes it supervises (nothing is trained here). */
class TrainCommandArgumentsTest {

    @Test
    void theFirstTrainingProcessGetsTheArgumentsAsGivenAndARestartResumes() {
        List<String> given = List.of("tiny", "sampler.steps=3", "-o", "runs/x", "--seed", "7", "--iterations", "9",
                "--skip-bad-images", "--download", "--max-restarts", "2", "--device", "cpu", "log.every=1");
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs(given.toArray(String[]::new));
        List<String> expected = new ArrayList<>(List.of("train"));
        expected.addAll(given);
        assertEquals(expected, cmd.givenArguments());
        assertEquals(List.of("train", "--resume", "runs/x/last.ckpt", "--output", "runs/x", "--iterations", "9",
                "--device", "cpu"), cmd.resumeArguments(Path.of("runs/x/last.ckpt")));
    }

    @Test
    void aResumedRunGoesOnWithTheSameArguments() {
        List<String> given = List.of("--resume", "runs/x/last.ckpt", "--inception", "inception.pt");
        TrainCommand cmd = new TrainCommand();
        new CommandLine(cmd).parseArgs(given.toArray(String[]::new));
        List<String> expected = new ArrayList<>(List.of("train"));
        expected.addAll(given);
        assertEquals(expected, cmd.givenArguments());
    }
}

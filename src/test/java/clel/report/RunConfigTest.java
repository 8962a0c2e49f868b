package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunConfigTest {
    @TempDir
    Path run;
    private final List<String> notes = new ArrayList<>();

    private RunConfig read(String yaml) throws Exception {
        Files.writeString(run.resolve("config.yaml"), yaml);
        return RunConfig.read(run, new RunFiles(run, notes), notes);
    }

    @Test
    void valuesAreFoundByTheirPathOfKeys() throws Exception {
        RunConfig c = read("seed: 7\nmodel:\n  size: tiny\n");
        assertEquals(7, c.value("seed"));
        assertEquals("tiny", c.value("model", "size"));
        assertNull(c.value("model", "missing"));
        assertNull(c.value("seed", "below_a_scalar"));
        assertEquals("seed: 7\nmodel:\n  size: tiny\n", c.text());
        assertEquals(List.of(), notes);
    }

    @Test
    void textThatIsNotYamlIsKeptWithANote() throws Exception {
        RunConfig c = read("model: [unclosed\n");
        assertEquals("model: [unclosed\n", c.text());
        assertNull(c.value("model"));
        assertEquals(1, notes.size(), notes.toString());
        assertTrue(notes.get(0).startsWith("config.yaml: not readable as YAML (config.yaml: not valid YAML ("),
                notes.toString());
        assertTrue(notes.get(0).endsWith("); shown as text only"), notes.toString());
    }

    @Test
    void aListIsNotAConfiguration() throws Exception {
        RunConfig c = read("- a\n- b\n");
        assertNull(c.value("a"));
        assertEquals(List.of("config.yaml: not readable as YAML (config.yaml: the top level must be a map of keys); "
                + "shown as text only"), notes);
    }

    @Test
    void aMissingFileIsANote() {
        RunConfig c = RunConfig.read(run, new RunFiles(run, notes), notes);
        assertNull(c.text());
        assertNull(c.value("seed"));
        assertEquals(List.of("no config.yaml in the run folder"), notes);
    }
}

package clel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YAML from outside is bounded and acyclic, and its errors are one line naming the source. */
class SafeYamlTest {

    private static String refused(String yaml) {
        ConfigException e = assertThrows(ConfigException.class, () -> SafeYaml.parse(yaml, "f.yaml"));
        assertTrue(e.getMessage().startsWith("f.yaml: "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aRecursiveAliasIsRefusedNamingItsKey() {
        assertEquals("f.yaml: 'model.x' contains itself (a recursive YAML alias such as &a {x: *a}); a configuration "
                + "must be a finite tree", refused("model: &a {x: *a}\n"));
        assertTrue(refused("a: &l [1, *l]\n").contains("'a[1]' contains itself"));
    }

    @Test
    void aliasesThatExpandTooFarOrNestingTooDeepAreRefused() {
        StringBuilder laughs = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 8; i++) {
            laughs.append("a").append(i).append(": &a").append(i).append(" [");
            for (int k = 0; k < 6; k++) {
                laughs.append(k == 0 ? "" : ", ").append("*a").append(i - 1);
            }
            laughs.append("]\n");
        }
        assertTrue(refused(laughs.toString()).contains("more than 100000 values"), laughs.toString());
        String deep = "a: " + "[".repeat(200) + "]".repeat(200) + "\n";
        assertTrue(refused(deep).startsWith("f.yaml: not valid YAML ("), refused(deep));
        StringBuilder manyAliases = new StringBuilder("base: &b {k: 1}\n");
        for (int i = 0; i < 60; i++) {
            manyAliases.append("c").append(i).append(": *b\n");
        }
        assertTrue(refused(manyAliases.toString()).contains("Number of aliases for non-scalar nodes exceeds"),
                refused(manyAliases.toString()));
    }

    @Test
    void sharedAliasesThatDoNotRecurseStillLoad() {
        Map<String, Object> m = SafeYaml.parseMap("base: &b {k: 1}\nx: *b\ny: [*b, 2]\n", "f.yaml");
        assertEquals(Map.of("k", 1), m.get("x"));
        assertEquals(List.of(Map.of("k", 1), 2), m.get("y"));
    }

    @Test
    void badUtf8NamesTheFileTheLineAndTheByte(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.write(f, "extends: tiny\n# caf\u00e9 old settings\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> SafeYaml.readText(f));
        assertEquals(f + ": not UTF-8 text (byte 0xE9 at line 2, column 6, byte offset 19); save it as UTF-8",
                e.getMessage());
    }

    @Test
    void aFileLargerThanAnyConfigurationIsRefusedWithoutReadingItAll(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("huge.yaml");
        Files.write(f, new byte[SafeYaml.MAX_BYTES + 1]);
        assertEquals(f + ": too large for a YAML configuration (more than 1048576 bytes)",
                assertThrows(ConfigException.class, () -> SafeYaml.readText(f)).getMessage());
    }
}

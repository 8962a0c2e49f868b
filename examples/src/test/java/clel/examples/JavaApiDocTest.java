package clel.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java snippet of docs/java-api.md is a copy of the examples' code, which {@link ExamplesTest} compiles and runs:
 * its lines, without indentation and blank lines, appear one after another in one of the examples.
 */
class JavaApiDocTest {
    private static final Path DOC = Path.of("docs/java-api.md");
    private static final Path EXAMPLES = Path.of("examples/src/main/java/clel/examples");
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);

    @Test
    void everySnippetIsCopiedFromAnExample() throws IOException {
        List<List<String>> examples = new ArrayList<>();
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).sorted().toList()) {
                examples.add(lines(Files.readString(f)));
            }
        }
        assertEquals(3, examples.size(), "examples in " + EXAMPLES);
        Matcher m = JAVA_BLOCK.matcher(Files.readString(DOC));
        int snippets = 0;
        while (m.find()) {
            snippets++;
            List<String> snippet = lines(m.group(1));
            assertTrue(examples.stream().anyMatch(e -> Collections.indexOfSubList(e, snippet) >= 0),
                    "this snippet of " + DOC + " is in no example:\n" + m.group(1));
        }
        assertTrue(snippets >= 3, "Java snippets in " + DOC + ": " + snippets);
    }

    /** The text's lines without leading and trailing blanks, blank lines left out. */
    private static List<String> lines(String text) {
        return text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}

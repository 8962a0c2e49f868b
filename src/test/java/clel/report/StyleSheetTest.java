package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StyleSheetTest {

    @Test
    void sheetsAreReadFromTheirResourcesAndJoinedByALineBreak() {
        String page = StyleSheet.of(StyleSheet.PAGE);
        assertTrue(page.startsWith("body{"), page);
        assertTrue(page.endsWith(".evalnotes{white-space:pre-wrap}"), "no trailing line break: " + page);
        assertTrue(StyleSheet.of(StyleSheet.FEATURED_EVALUATIONS).contains("td.hit{"));
        assertEquals("section.group{margin:0 0 1.2em}", StyleSheet.of(StyleSheet.COMPARISON));
        assertEquals(page + "\nsection.group{margin:0 0 1.2em}", StyleSheet.of(StyleSheet.PAGE, StyleSheet.COMPARISON));
    }

    @Test
    void everySheetIsSafeToWriteInlineInAPage() {
        for (StyleSheet s : StyleSheet.values()) {
            String rules = StyleSheet.of(s);
            assertFalse(rules.isBlank(), s.name());
            // HtmlPage.constant refuses markup; a page references nothing outside itself
            assertEquals(List.of(), List.of("<", "&", "url(", "@import").stream().filter(rules::contains).toList(),
                    s.name());
        }
    }
}

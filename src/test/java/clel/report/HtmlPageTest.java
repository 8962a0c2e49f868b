package clel.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class HtmlPageTest {

    @Test
    void escapesMarkupAndCharactersXmlForbids() {
        assertEquals("a &lt;b&gt; &amp;amp; &quot;c&quot; &#39;d&#39;", HtmlPage.escape("a <b> &amp; \"c\" 'd'"));
        assertEquals("bell\uFFFD esc\uFFFD[0m tab\tnl\n", HtmlPage.escape("bell\u0007 esc\u001b[0m tab\tnl\n"));
        assertEquals("crlf\nlone cr\nend", HtmlPage.escape("crlf\r\nlone cr\rend"));
        assertEquals("emoji \uD83D\uDE00 lone \uFFFD", HtmlPage.escape("emoji \uD83D\uDE00 lone \uD800"));
        assertEquals("\uFFFD", HtmlPage.escape("\uFFFF"));
    }

    @Test
    void buildsBalancedMarkup() throws Exception {
        HtmlPage h = new HtmlPage();
        h.open("body").element("p", "x < y", "class", "a\"b").empty("img", "src", "data:image/png;base64,AA==", "alt", "<")
                .close("body");
        String page = h.finish();
        assertEquals("<!DOCTYPE html>\n<html lang=\"en\"><body><p class=\"a&quot;b\">x &lt; y</p>\n"
                + "<img src=\"data:image/png;base64,AA==\" alt=\"&lt;\" /></body>\n</html>\n", page);
        ReportPages.parse(page);
    }

    @Test
    void headHoldsTheTitleAndTheStyleSheetInline() {
        HtmlPage h = new HtmlPage();
        h.head("run <a>", "p{color:red}");
        assertEquals("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\" /><meta name=\"viewport\" "
                + "content=\"width=device-width, initial-scale=1\" /><title>run &lt;a&gt;</title><style>p{color:red}"
                + "</style>\n</head>\n</html>\n", h.finish());
        assertThrows(IllegalArgumentException.class, () -> new HtmlPage().head("t", "</style><script>"));
    }

    @Test
    void refusesUnbalancedMarkup() {
        HtmlPage h = new HtmlPage();
        h.open("div");
        assertThrows(IllegalStateException.class, () -> h.close("p"));
        HtmlPage g = new HtmlPage();
        g.open("div");
        assertThrows(IllegalStateException.class, g::finish);
        assertThrows(IllegalArgumentException.class, () -> new HtmlPage().constant("a<b"));
    }
}

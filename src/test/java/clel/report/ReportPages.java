package clel.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Checks shared by the report tests. */
final class ReportPages {
    private static final Pattern ATTR = Pattern.compile("\\b(src|href|srcset|action|data|poster)\\s*=\\s*\"([^\"]*)\"",
            Pattern.CASE_INSENSITIVE);

    private ReportPages() {
    }

    /** Parses the page as XML (no external DTD), failing the test if it is not well-formed. */
    static Document parse(String html) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(false);
        f.setValidating(false);
        f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        f.setExpandEntityReferences(false);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new ByteArrayInputStream(html.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every src/href-like attribute value. */
    static List<String> references(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = ATTR.matcher(html);
        while (m.find()) {
            out.add(m.group(2));
        }
        return out;
    }

    /** Asserts that nothing outside the page is referenced: only data: URIs and #fragments. */
    static void assertSelfContained(String html) {
        for (String ref : references(html)) {
            assertTrue(ref.startsWith("data:image/") || ref.startsWith("#"), "external reference " + ref);
        }
        assertTrue(!html.toLowerCase().contains("<script"), "no script elements");
        assertTrue(!html.toLowerCase().contains("<link"), "no link elements");
        assertTrue(!html.contains("url("), "no CSS url()");
        assertTrue(!html.contains("@import"), "no CSS @import");
    }

    static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }

    /** Text contents of all elements with the given tag. */
    static List<String> texts(Document doc, String tag) {
        NodeList nl = doc.getElementsByTagName(tag);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < nl.getLength(); i++) {
            out.add(((Element) nl.item(i)).getTextContent());
        }
        return out;
    }
}

package clel.report;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Builds an HTML page that is also well-formed XML (XHTML-compatible markup): every element is closed,
 * void elements are written as {@code <img ... />}, all text and attribute values are escaped, and
 * characters that XML forbids (control characters, lone surrogates) become U+FFFD. Opening and closing
 * tags are checked against a stack, so a programming error cannot produce unbalanced markup.
 */
final class HtmlPage {
    private final StringBuilder out = new StringBuilder(1 << 16);
    private final Deque<String> open = new ArrayDeque<>();

    /** Writes the document type and opens {@code <html>}. */
    HtmlPage() {
        out.append("<!DOCTYPE html>\n");
        open("html", "lang", "en");
    }

    /**
     * The page's head: UTF-8, a viewport for phones, the title, and the style sheet written inline.
     *
     * @param title the page's title (escaped)
     * @param style the style rules ({@link StyleSheet#of}), written as they are
     * @return this page
     */
    HtmlPage head(String title, String style) {
        open("head");
        empty("meta", "charset", "utf-8");
        empty("meta", "name", "viewport", "content", "width=device-width, initial-scale=1");
        element("title", title);
        open("style").constant(style).close("style");
        return close("head");
    }

    /**
     * Opens an element.
     *
     * @param tag   element name (a constant from the code, not from files)
     * @param attrs name, value pairs; values are escaped
     * @return this page
     */
    HtmlPage open(String tag, String... attrs) {
        startTag(tag, attrs);
        out.append('>');
        open.push(tag);
        return this;
    }

    /** Closes the innermost open element, which must be {@code tag}. */
    HtmlPage close(String tag) {
        String top = open.poll();
        if (!tag.equals(top)) {
            throw new IllegalStateException("HtmlPage: closing <" + tag + "> but <" + top + "> is open");
        }
        out.append("</").append(tag).append('>');
        if (isBlock(tag)) {
            out.append('\n');
        }
        return this;
    }

    /** An element with escaped text content. */
    HtmlPage element(String tag, String text, String... attrs) {
        open(tag, attrs);
        text(text);
        return close(tag);
    }

    /** A void element such as img or meta, written self-closing. */
    HtmlPage empty(String tag, String... attrs) {
        startTag(tag, attrs);
        out.append(" />");
        return this;
    }

    /** Escaped text. */
    HtmlPage text(String text) {
        out.append(escape(text));
        return this;
    }

    /**
     * Raw markup for constant strings of the code only (the style sheet); must contain neither '&lt;' nor
     * '&amp;'.
     */
    HtmlPage constant(String markupFreeText) {
        if (markupFreeText.indexOf('<') >= 0 || markupFreeText.indexOf('&') >= 0) {
            throw new IllegalArgumentException("HtmlPage: constant text must not contain '<' or '&'");
        }
        out.append(markupFreeText);
        return this;
    }

    /**
     * A table in a horizontally scrolling box: a heading row (when {@code columns} is not empty), then the rows, each
     * padded with empty cells to the widest row. Numbers, and "mean ± std" pairs of numbers, are right-aligned.
     */
    HtmlPage table(List<String> columns, List<List<String>> rows) {
        int width = columns.size();
        for (List<String> row : rows) {
            width = Math.max(width, row.size());
        }
        open("div", "class", "scroll").open("table");
        if (!columns.isEmpty()) {
            open("tr");
            for (int c = 0; c < width; c++) {
                element("th", c < columns.size() ? columns.get(c) : "");
            }
            close("tr");
        }
        for (List<String> row : rows) {
            open("tr");
            for (int c = 0; c < width; c++) {
                String cell = c < row.size() ? row.get(c) : "";
                if (isNumeric(cell)) {
                    element("td", cell, "class", "num");
                } else {
                    element("td", cell);
                }
            }
            close("tr");
        }
        return close("table").close("div");
    }

    /** Whether a cell is a number or "mean ± std" of two numbers. */
    static boolean isNumeric(String s) {
        String[] parts = s.split(" \u00b1 ", -1);
        if (parts.length > 2) {
            return false;
        }
        for (String p : parts) {
            if (p.isEmpty()) {
                return false;
            }
            try {
                Double.parseDouble(p);
            } catch (NumberFormatException e) {
                return false;
            }
        }
        return true;
    }

    /** Closes {@code <html>} and returns the page; every other element must be closed already. */
    String finish() {
        close("html");
        if (!open.isEmpty()) {
            throw new IllegalStateException("HtmlPage: unclosed elements " + open);
        }
        return out.toString();
    }

    private void startTag(String tag, String[] attrs) {
        if (attrs.length % 2 != 0) {
            throw new IllegalArgumentException("HtmlPage: attributes must be name, value pairs");
        }
        out.append('<').append(tag);
        for (int i = 0; i < attrs.length; i += 2) {
            out.append(' ').append(attrs[i]).append("=\"").append(escape(attrs[i + 1])).append('"');
        }
    }

    private static boolean isBlock(String tag) {
        return switch (tag) {
            case "a", "b", "code", "span", "em", "strong", "td", "th", "title", "summary" -> false;
            default -> true;
        };
    }

    /**
     * HTML/XML escaping of text and attribute values: &amp; &lt; &gt; &quot; &#39;, and characters not allowed
     * in XML 1.0 replaced by U+FFFD.
     */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        b.append(c).append(s.charAt(++i));
                    } else if (c == '\t' || c == '\n' || (c >= 0x20 && c < 0xD800) || (c > 0xDFFF && c < 0xFFFE)) {
                        b.append(c);
                    } else if (c == '\r') {
                        // CR LF and lone CR read as a line break
                        if (i + 1 >= s.length() || s.charAt(i + 1) != '\n') {
                            b.append('\n');
                        }
                    } else {
                        b.append('\uFFFD');
                    }
                }
            }
        }
        return b.toString();
    }
}

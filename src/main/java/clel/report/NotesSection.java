package clel.report;

import java.util.List;

/**
 * The "Notes" section of a report page: what was missing or damaged in the run folders, one line each, so that a
 * problem in a run shows on the page instead of failing it. Pages leave it out when there are no notes.
 */
final class NotesSection {
    static final String ID = "notes";
    static final String HEADING = "Notes";

    private NotesSection() {
    }

    /** The section, or nothing when {@code notes} is empty. */
    static void render(HtmlPage h, List<String> notes) {
        if (notes.isEmpty()) {
            return;
        }
        h.element("h2", HEADING, "id", ID);
        h.open("ul", "class", "notes");
        notes.forEach(n -> h.element("li", n));
        h.close("ul");
    }
}

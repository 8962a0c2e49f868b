package clel.report;

/**
 * An error message cut to its first line, as the pages' Notes show it: every note is one line, while some messages
 * (a stack of causes, a parser's excerpt of the input) run over several.
 */
final class FirstLine {
    private FirstLine() {
    }

    /** The first line of {@code message}; "unknown error" when there is no message. */
    static String of(String message) {
        if (message == null) {
            return "unknown error";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}

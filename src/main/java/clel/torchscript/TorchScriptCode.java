package clel.torchscript;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the code of a TorchScript archive may call, checked on its text before libtorch compiles it. A network computes
 * on tensors; clel refuses code that names an operation on files, processes or the network ({@link #FORBIDDEN}: e.g.
 * {@code torch.from_file}, which maps a file into a tensor and so reads or overwrites it), an operator library other
 * than PyTorch's own ({@code ops.NAME} outside {@link #OPERATOR_LIBRARIES}), a custom class ({@code torch.classes}), or
 * {@code getattr} on {@code torch} or {@code ops}. A string literal that is exactly a forbidden name counts as well
 * (after adjacent literals are joined, {@code "from_" "file"}), so that {@code getattr(x, "from_file")} is caught, and
 * escapes that write a character by its code are refused. Words inside longer strings (error messages) and comments
 * do not count: they call nothing.
 *
 * <p>This is a list of what is refused, not a proof of what is safe: it stops the operations PyTorch offers today for
 * touching anything outside the tensors. clel runs a TorchScript file only when the user names it (see
 * docs/security.md); the check is the second line of defence.
 */
final class TorchScriptCode {
    /** Names of operations on files, processes and the network, and of the machinery to reach them. */
    static final Set<String> FORBIDDEN = Set.of("from_file", "save", "load", "open", "system", "popen", "spawn",
            "fork", "exec", "execv", "execve", "eval", "compile", "remove", "unlink", "rmdir", "rename", "mkdir",
            "makedirs", "chmod", "chown", "symlink", "listdir", "scandir", "load_library", "_load_for_mobile",
            "_save_for_mobile", "save_to_buffer", "_save_parameters", "_load_parameters", "to_file", "__import__",
            "importlib", "subprocess", "socket", "urlopen", "request", "environ", "getenv", "putenv", "os", "sys",
            "shutil", "pathlib", "builtins", "pickle", "mmap", "serialization", "hub");
    /** Operator namespaces of libtorch itself. */
    static final Set<String> OPERATOR_LIBRARIES = Set.of("aten", "prim", "quantized", "profiler");

    private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern OPERATOR_LIBRARY = Pattern.compile("\\bops\\s*\\.\\s*([A-Za-z_][A-Za-z0-9_]*)");
    private static final Pattern CUSTOM_CLASSES = Pattern.compile("\\btorch\\s*\\.\\s*classes\\b");
    private static final Pattern GETATTR_ON_MODULES = Pattern.compile("\\bgetattr\\s*\\(\\s*(torch|ops)\\b");
    /** Escapes that write a character by its code: \\x41, \\u0041, \\U00000041, \\N{NAME}, \\101. */
    private static final String CODED_ESCAPES = "xuUN01234567";

    private TorchScriptCode() {
    }

    /**
     * Refuses the archive's code when it names a forbidden operation.
     *
     * @param code entries and their text
     * @throws IllegalArgumentException one line naming the file, the entry, the line and what it calls
     */
    static void requireNoForbiddenCalls(Path file, Map<String, String> code) {
        for (Map.Entry<String, String> e : code.entrySet()) {
            findForbidden(e.getValue()).ifPresent(found -> {
                throw TorchScriptArchive.refuse(file, "refused before loading: its TorchScript code (" + e.getKey()
                        + " line " + found.line() + ") " + found.what() + "; clel runs TorchScript networks that compute "
                        + "on tensors, never code that reaches files, processes or the network (docs/security.md)");
            });
        }
    }

    /** A forbidden use: what it is, in words, and its line (1-based). */
    record Finding(String what, int line) {
    }

    /** The first forbidden use in {@code text}, if any. */
    static Optional<Finding> findForbidden(String text) {
        Lexed lexed = Lexed.of(text);
        if (lexed.codedEscapeLine() > 0) {
            return Optional.of(new Finding("writes a character of a string by its code", lexed.codedEscapeLine()));
        }
        String code = lexed.code();
        Matcher library = OPERATOR_LIBRARY.matcher(code);
        while (library.find()) {
            if (!OPERATOR_LIBRARIES.contains(library.group(1))) {
                return Optional.of(new Finding("calls operators of the library '" + library.group(1)
                        + "', not PyTorch's own", lineOf(code, library.start())));
            }
        }
        for (Pattern p : List.of(CUSTOM_CLASSES, GETATTR_ON_MODULES)) {
            Matcher m = p.matcher(code);
            if (m.find()) {
                return Optional.of(new Finding("uses " + m.group().replaceAll("\\s+", "") + (p == CUSTOM_CLASSES
                        ? " (a custom class)" : "...) (an operation chosen by a string)"), lineOf(code, m.start())));
            }
        }
        Matcher word = WORD.matcher(code);
        while (word.find()) {
            if (FORBIDDEN.contains(word.group())) {
                return Optional.of(new Finding("names '" + word.group() + "', an operation on files, processes or the "
                        + "network", lineOf(code, word.start())));
            }
        }
        for (Lexed.Literal literal : lexed.literals()) {
            if (FORBIDDEN.contains(literal.text())) {
                return Optional.of(new Finding("names '" + literal.text() + "' in a string, an operation on files, "
                        + "processes or the network", literal.line()));
            }
        }
        return Optional.empty();
    }

    private static int lineOf(String text, int at) {
        int line = 1;
        for (int i = 0; i < at; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /**
     * The code with string literals and comments blanked out (line breaks kept, so that lines still count), and the
     * literals themselves, adjacent ones joined as the parser joins them.
     */
    private record Lexed(String code, List<Literal> literals, int codedEscapeLine) {
        record Literal(String text, int line) {
        }

        static Lexed of(String text) {
            StringBuilder code = new StringBuilder(text.length());
            List<Literal> literals = new ArrayList<>();
            int codedEscape = 0;
            int line = 1;
            int lastLiteralEnd = -1;
            int n = text.length();
            int i = 0;
            while (i < n) {
                char c = text.charAt(i);
                if (c == '#') {
                    while (i < n && text.charAt(i) != '\n') {
                        code.append(' ');
                        i++;
                    }
                    continue;
                }
                if (c != '"' && c != '\'') {
                    code.append(c);
                    line += c == '\n' ? 1 : 0;
                    i++;
                    continue;
                }
                String quote = text.startsWith(String.valueOf(c).repeat(3), i) ? String.valueOf(c).repeat(3)
                        : String.valueOf(c);
                int start = i;
                int startLine = line;
                StringBuilder literal = new StringBuilder();
                i += quote.length();
                while (i < n && !text.startsWith(quote, i)) {
                    char ch = text.charAt(i);
                    if (ch == '\\' && i + 1 < n) {
                        char next = text.charAt(i + 1);
                        if (CODED_ESCAPES.indexOf(next) >= 0 && codedEscape == 0) {
                            codedEscape = line;
                        }
                        literal.append(next);
                        line += next == '\n' ? 1 : 0;
                        i += 2;
                        continue;
                    }
                    literal.append(ch);
                    line += ch == '\n' ? 1 : 0;
                    i++;
                }
                i = Math.min(n, i + quote.length());
                for (int k = start; k < i; k++) {
                    code.append(text.charAt(k) == '\n' ? '\n' : ' ');
                }
                boolean joined = lastLiteralEnd >= 0 && text.substring(lastLiteralEnd, start).matches("(\\s|\\\\\\n)*");
                if (joined) {
                    Literal previous = literals.remove(literals.size() - 1);
                    literals.add(new Literal(previous.text() + literal, previous.line()));
                } else {
                    literals.add(new Literal(literal.toString(), startLine));
                }
                lastLiteralEnd = i;
            }
            return new Lexed(code.toString(), literals, codedEscape);
        }
    }

    /**
     * The parameter names of {@code forward} of class {@code className} in {@code source} (the class's code file),
     * without {@code self}; empty when the class or its forward is not there.
     */
    static Optional<List<String>> forwardParameters(String source, String className) {
        Matcher cls = Pattern.compile("(?m)^class " + Pattern.quote(className) + "\\b").matcher(source);
        if (!cls.find()) {
            return Optional.empty();
        }
        Matcher next = Pattern.compile("(?m)^class ").matcher(source);
        int end = next.find(cls.end()) ? next.start() : source.length();
        Matcher def = Pattern.compile("(?m)^\\s+def forward\\(").matcher(source).region(cls.end(), end);
        if (!def.find()) {
            return Optional.empty();
        }
        List<String> names = new ArrayList<>();
        int depth = 0;
        StringBuilder current = new StringBuilder();
        for (int i = def.end(); i < end; i++) {
            char c = source.charAt(i);
            if (c == '(' || c == '[') {
                depth++;
            } else if ((c == ')' || c == ']') && depth > 0) {
                depth--;
            } else if (c == ')' || (c == ',' && depth == 0)) {
                String name = current.toString().split("[:=]", 2)[0].strip();
                if (!name.isEmpty()) {
                    names.add(name);
                }
                current.setLength(0);
                if (c == ')') {
                    return Optional.of(names.isEmpty() ? names : names.subList(1, names.size()));
                }
                continue;
            }
            current.append(c);
        }
        return Optional.empty();
    }
}

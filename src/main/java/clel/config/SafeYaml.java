package clel.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * The one way clel reads YAML it did not write itself (configuration files, a checkpoint's stored configuration, a run
 * folder's config.yaml): bounded and acyclic. The text is strict UTF-8 of at most {@value #MAX_BYTES} bytes; SnakeYAML
 * builds only plain maps, lists and scalars, with at most {@value #MAX_ALIASES} aliases, no recursive keys and nesting
 * at most {@value #MAX_DEPTH} deep; the result is copied into a tree of at most {@value #MAX_VALUES} values in which no
 * collection contains itself (an alias such as {@code &a {x: *a}} is refused, naming its key). Every failure is a
 * one-line {@link ConfigException} naming the source.
 */
public final class SafeYaml {
    /** Largest YAML text read, in bytes (and code points); clel's own configurations are about 2 KB. */
    public static final int MAX_BYTES = 1 << 20;
    /** Most aliases (*name) to collections in one document. */
    public static final int MAX_ALIASES = 50;
    /** Deepest nesting of collections. */
    public static final int MAX_DEPTH = 32;
    /** Most values (collections and scalars) in one document, counting each use of an alias again. */
    public static final int MAX_VALUES = 100_000;

    private SafeYaml() {
    }

    /**
     * A YAML file's text: strict UTF-8, at most {@value #MAX_BYTES} bytes.
     *
     * @param file the file
     * @return its text
     * @throws ConfigException naming the file when it is too large or not UTF-8 (with the line and byte offset of the
     *                         first bad byte)
     * @throws IOException     when it cannot be read
     */
    public static String readText(Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (NoSuchFileException e) {
            throw new IOException(file + ": no such file");
        }
        if (bytes.length > MAX_BYTES) {
            throw new ConfigException(file + ": too large for a YAML configuration (more than " + MAX_BYTES + " bytes)");
        }
        return decode(bytes, file.toString());
    }

    /**
     * Bytes as strict UTF-8 text.
     *
     * @param bytes  the bytes
     * @param source names the bytes in errors (a file, or a file and its entry)
     * @return the text
     * @throws ConfigException naming the source, the line and the byte offset of the first byte that is not UTF-8
     */
    public static String decode(byte[] bytes, String source) {
        if (bytes.length > MAX_BYTES) {
            throw new ConfigException(source + ": too large for a YAML configuration (" + bytes.length + " bytes; at most "
                    + MAX_BYTES + ")");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new ConfigException(String.format(Locale.ROOT, "%s: not UTF-8 text (byte 0x%02X at line %d, column %d, "
                    + "byte offset %d); save it as UTF-8", source, bytes[at] & 0xff, line, at - lineStart + 1, at));
        }
        decoder.flush(out);
        out.flip();
        return out.toString();
    }

    /**
     * A YAML file whose top level must be a map (a configuration file).
     *
     * @param file the file
     * @return the map
     * @throws IOException when it cannot be read
     * @throws ConfigException naming the file when it is not such YAML
     */
    public static Map<String, Object> readMap(Path file) throws IOException {
        return parseMap(readText(file), file.toString());
    }

    /**
     * YAML text whose top level is a map of keys; empty text is an empty map.
     *
     * @param text   the text
     * @param source names the text in errors
     * @return the map
     * @throws ConfigException naming the source when the text is not valid, bounded, acyclic YAML or not a map
     */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> parseMap(String text, String source) {
        Object root = parse(text, source);
        if (root == null) {
            return new LinkedHashMap<>();
        }
        if (!(root instanceof Map)) {
            throw new ConfigException(source + ": the top level must be a map of keys");
        }
        return (Map<String, Object>) root;
    }

    /**
     * Any YAML value: a tree of {@code LinkedHashMap<String, Object>}, {@code ArrayList<Object>} and scalars (map keys
     * as strings), or null for empty text.
     *
     * @param text   the text
     * @param source names the text in errors
     * @return the value
     * @throws ConfigException naming the source when the text is not valid, bounded, acyclic YAML
     */
    public static Object parse(String text, String source) {
        if (text.length() > MAX_BYTES) {
            throw new ConfigException(source + ": too large for a YAML configuration (more than " + MAX_BYTES
                    + " characters)");
        }
        Object root;
        try {
            root = new Yaml(new SafeConstructor(options())).load(text);
        } catch (YAMLException e) {
            throw new ConfigException(source + ": not valid YAML (" + oneLine(e.getMessage()) + ")");
        } catch (StackOverflowError e) {
            throw new ConfigException(source + ": not valid YAML (nested too deeply)");
        }
        return new TreeCopy(source).copy(root, "", 0);
    }

    private static LoaderOptions options() {
        LoaderOptions o = new LoaderOptions();
        o.setMaxAliasesForCollections(MAX_ALIASES);
        o.setAllowRecursiveKeys(false);
        o.setNestingDepthLimit(MAX_DEPTH);
        o.setCodePointLimit(MAX_BYTES);
        o.setAllowDuplicateKeys(true);
        return o;
    }

    private static String oneLine(String message) {
        return message == null ? "no details" : message.replaceAll("\\s*\\n\\s*", " ").trim();
    }

    /** Copies SnakeYAML's objects into a fresh tree, refusing cycles and counting values. */
    private static final class TreeCopy {
        private final String source;
        private final Set<Object> ancestors = Collections.newSetFromMap(new IdentityHashMap<>());
        private int values;

        TreeCopy(String source) {
            this.source = source;
        }

        Object copy(Object v, String path, int depth) {
            if (++values > MAX_VALUES) {
                throw new ConfigException(source + ": more than " + MAX_VALUES + " values (aliases expand too far)");
            }
            if (depth > MAX_DEPTH) {
                throw new ConfigException(source + ": '" + path + "' is nested more than " + MAX_DEPTH + " levels deep");
            }
            if (!(v instanceof Map) && !(v instanceof List)) {
                return v;
            }
            if (!ancestors.add(v)) {
                throw new ConfigException(source + ": '" + (path.isEmpty() ? "the top level" : path) + "' contains "
                        + "itself (a recursive YAML alias such as &a {x: *a}); a configuration must be a finite tree");
            }
            try {
                if (v instanceof Map<?, ?> m) {
                    Map<String, Object> c = new LinkedHashMap<>();
                    for (Map.Entry<?, ?> e : m.entrySet()) {
                        String key = String.valueOf(e.getKey());
                        c.put(key, copy(e.getValue(), path.isEmpty() ? key : path + "." + key, depth + 1));
                    }
                    return c;
                }
                List<?> l = (List<?>) v;
                List<Object> c = new ArrayList<>(l.size());
                for (int i = 0; i < l.size(); i++) {
                    c.add(copy(l.get(i), path + "[" + i + "]", depth + 1));
                }
                return c;
            } finally {
                ancestors.remove(v);
            }
        }
    }

}

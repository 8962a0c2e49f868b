package clel.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * The lines of a text file that anyone may have written (a run's train.log), read in bounded memory: a line longer
 * than a limit is cut, with a note of how much was left out, instead of being held whole (a file of one line of
 * gigabytes would otherwise fill the heap).
 */
public final class BoundedLines {
    /** Characters kept of a line unless told otherwise. */
    public static final int MAX_LINE = 4096;
    /** Bytes read from the end of a file for its last line. */
    private static final int LAST_LINE_BYTES = 1 << 16;

    private BoundedLines() {
    }

    /**
     * The last lines of a file.
     *
     * @param lines the last lines, each cut to the limit
     * @param total how many lines the file has
     */
    public record Tail(List<String> lines, long total) {
    }

    /**
     * The last {@code count} lines of {@code file} (UTF-8), each cut to {@code maxChars} characters.
     *
     * @param file     the file
     * @param count    the most lines returned
     * @param maxChars the most characters kept of a line
     * @return the lines and the file's number of lines
     *
     * @throws IOException when the file cannot be read
     */
    public static Tail tail(Path file, int count, int maxChars) throws IOException {
        Deque<String> last = new ArrayDeque<>(count + 1);
        long total = 0;
        try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            long dropped = 0;
            boolean open = false;
            char[] buf = new char[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\n') {
                        total++;
                        keep(last, count, finish(line, dropped));
                        line.setLength(0);
                        dropped = 0;
                        open = false;
                    } else {
                        open = true;
                        if (line.length() < maxChars) {
                            line.append(c);
                        } else {
                            dropped++;
                        }
                    }
                }
            }
            if (open) {
                total++;
                keep(last, count, finish(line, dropped));
            }
        }
        return new Tail(new ArrayList<>(last), total);
    }

    /**
     * The last non-blank line of {@code file}, cut to {@link #MAX_LINE}; read from its last 64 KB only.
     *
     * @param file the file
     * @return the line, or empty when there is none
     * @throws IOException when the file cannot be read
     */
    public static Optional<String> last(Path file) throws IOException {
        byte[] end;
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            long size = ch.size();
            int n = (int) Math.min(size, LAST_LINE_BYTES);
            ch.position(size - n);
            ByteBuffer b = ByteBuffer.allocate(n);
            while (b.hasRemaining() && ch.read(b) > 0) {
                // read to the end
            }
            end = Arrays.copyOf(b.array(), b.position());
        }
        String[] lines = new String(end, StandardCharsets.UTF_8).split("\n");
        for (int i = lines.length - 1; i >= 0; i--) {
            String l = lines[i].strip();
            if (!l.isEmpty()) {
                return Optional.of(l.length() <= MAX_LINE ? l : finish(new StringBuilder(l.substring(0, MAX_LINE)),
                        l.length() - MAX_LINE));
            }
        }
        return Optional.empty();
    }

    private static void keep(Deque<String> last, int count, String line) {
        last.addLast(line);
        if (last.size() > count) {
            last.removeFirst();
        }
    }

    private static String finish(StringBuilder line, long dropped) {
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return dropped == 0 ? line.toString() : line + " ... (" + dropped + " more characters)";
    }

    /**
     * Reads at most {@code maxBytes} of a stream as UTF-8 text, and says whether there was more.
     *
     * @param in       the stream
     * @param maxBytes the most bytes read
     * @return the text, marked when the stream held more
     * @throws IOException when reading fails
     */
    public static String head(InputStream in, int maxBytes) throws IOException {
        byte[] b = in.readNBytes(maxBytes + 1);
        if (b.length <= maxBytes) {
            return new String(b, StandardCharsets.UTF_8);
        }
        return new String(b, 0, maxBytes, StandardCharsets.UTF_8) + "\n... (cut after " + maxBytes + " bytes)";
    }
}

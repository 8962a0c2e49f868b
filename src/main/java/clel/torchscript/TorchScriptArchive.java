package clel.torchscript;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The parts of a TorchScript file (the zip archive {@code torch.jit.save} writes) that say what it will do, read
 * without loading it: the source of every class and function it defines ({@code code/**.py}, which libtorch compiles
 * when it loads the file) and the module tree ({@code data.pkl}). Reading is bounded: at most {@link #MAX_ENTRIES}
 * entries, {@link #MAX_CODE_BYTES} of code and {@link #MAX_PICKLE_BYTES} of module tree, whatever the entries
 * declare. An archive whose entry names repeat (in any letter case: libtorch looks names up without regard to case,
 * so a second copy could be the one it compiles) is refused, and so is the old JSON format, whose code is elsewhere.
 *
 * @param code       every {@code .py} entry's text by its name inside the archive, in the archive's order
 * @param dataPickle the bytes of {@code <root>/data.pkl}
 */
record TorchScriptArchive(Map<String, String> code, byte[] dataPickle) {
    static final int MAX_ENTRIES = 100_000;
    static final long MAX_CODE_BYTES = 32L << 20;
    static final long MAX_PICKLE_BYTES = 8L << 20;

    /**
     * Reads the archive's code and module tree.
     *
     * @throws IllegalArgumentException one line naming the file: not a zip, not a TorchScript archive, or beyond the
     *                                  bounds above
     */
    static TorchScriptArchive read(Path file) {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            Map<String, String> code = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            String root = null;
            byte[] dataPickle = null;
            long codeBytes = 0;
            int count = 0;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                String name = e.getName();
                if (++count > MAX_ENTRIES) {
                    throw refuse(file, "has more than " + MAX_ENTRIES + " entries");
                }
                if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                    throw refuse(file, "names the entry " + name + " twice");
                }
                int slash = name.indexOf('/');
                String top = slash < 0 ? name : name.substring(0, slash);
                if (root == null) {
                    root = top;
                }
                String inside = slash < 0 ? "" : name.substring(slash + 1);
                if (inside.equals("model.json")) {
                    throw refuse(file, "is in PyTorch's old JSON format (model.json), which clel does not read: save it "
                            + "again with torch.jit.save of a recent PyTorch");
                }
                if (name.endsWith(".py")) {
                    byte[] text = readAtMost(zip, e, MAX_CODE_BYTES - codeBytes, file);
                    codeBytes += text.length;
                    code.put(name, utf8(text, name, file));
                } else if (top.equals(root) && inside.equals("data.pkl")) {
                    dataPickle = readAtMost(zip, e, MAX_PICKLE_BYTES, file);
                }
            }
            if (dataPickle == null || code.isEmpty()) {
                throw refuse(file, "is a zip archive but not a TorchScript file (no " + (dataPickle == null ? "data.pkl"
                        : "code/") + " entry; torch.jit.save writes both)");
            }
            return new TorchScriptArchive(code, dataPickle);
        } catch (ZipException e) {
            throw refuse(file, "is not a readable zip archive (" + e.getMessage() + "); a TorchScript file is one");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot be read (" + e.getMessage() + ")");
        }
    }

    private static byte[] readAtMost(ZipFile zip, ZipEntry e, long limit, Path file) throws IOException {
        try (InputStream in = zip.getInputStream(e)) {
            byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (b.length > limit) {
                throw refuse(file, "entry " + e.getName() + " goes past clel's bound on TorchScript code and module "
                        + "data (" + (MAX_CODE_BYTES >> 20) + " MB of code, " + (MAX_PICKLE_BYTES >> 20) + " MB of data.pkl)");
            }
            return b;
        }
    }

    private static String utf8(byte[] text, String name, Path file) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(text)).toString();
        } catch (CharacterCodingException e) {
            throw refuse(file, "entry " + name + " is not UTF-8 text");
        }
    }

    static IllegalArgumentException refuse(Path file, String why) {
        return new IllegalArgumentException(file + ": " + why);
    }
}

package clel.torchscript;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Enumeration;
import java.util.function.UnaryOperator;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Crafted TorchScript files for tests, made from the committed stand-ins by editing their code: what an attacker would
 * hand a user. libtorch compiles the edited code when it loads the file (entries may be deflated; it reads them).
 */
public final class CraftedTorchScript {
    private CraftedTorchScript() {
    }

    /** Copies a test resource (e.g. "/clel/evaluation/inception-standin.pt") to {@code target}. */
    public static Path resource(String name, Path target) throws IOException {
        try (InputStream in = CraftedTorchScript.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + name);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }

    /** A copy of {@code source} whose {@code code/__torch__.py} (the root module's class) is edited by {@code edit}. */
    public static Path withRootCode(Path source, Path target, UnaryOperator<String> edit) throws IOException {
        return rewrite(source, target, (name, bytes) -> name.endsWith("/code/__torch__.py")
                ? edit.apply(new String(bytes, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8) : bytes);
    }

    /**
     * A copy of a stand-in whose forward first maps {@code victim} into a tensor with {@code torch.from_file(..., shared
     * = True)} and overwrites its first 8 bytes with 'X' (88): run, it damages the file; its result still feeds the
     * output, so that no optimization removes the write.
     *
     * @param input the name of forward's first parameter ("img" for the Inception stand-in, "x" for the MAE one)
     */
    public static Path fileOverwriter(Path source, Path target, String input, Path victim) throws IOException {
        String line = "    " + input + " = torch.add(" + input + ", torch.sum(torch.fill_(torch.from_file(\""
                + victim.toAbsolutePath() + "\", True, 8, dtype=0), 88)), alpha=0)\n";
        return withRootCode(source, target, code -> {
            int at = code.indexOf(") -> Tensor:\n");
            if (at < 0) {
                throw new IllegalStateException("no forward signature in the stand-in's code");
            }
            int end = at + ") -> Tensor:\n".length();
            return code.substring(0, end) + line + code.substring(end);
        });
    }

    /** An entry's new content from its name and old content. */
    @FunctionalInterface
    public interface EntryEdit {
        byte[] apply(String name, byte[] content);
    }

    /** A copy of the zip {@code source} with every entry passed through {@code edit}. */
    public static Path rewrite(Path source, Path target, EntryEdit edit) throws IOException {
        try (ZipFile in = new ZipFile(source.toFile());
             OutputStream file = Files.newOutputStream(target); ZipOutputStream out = new ZipOutputStream(file)) {
            for (Enumeration<? extends ZipEntry> en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                byte[] content;
                try (InputStream s = in.getInputStream(e)) {
                    content = s.readAllBytes();
                }
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(edit.apply(e.getName(), content));
                out.closeEntry();
            }
        }
        return target;
    }
}

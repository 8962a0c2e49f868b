package clel.torchscript;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading a TorchScript file without running it: its structure, its code's calls, and the bounds on reading it. */
class TorchScriptFileTest {

    private static Path standIn(Path dir) throws IOException {
        return CraftedTorchScript.resource("/clel/evaluation/inception-standin.pt", dir.resolve("inception-standin.pt"));
    }

    private static IllegalArgumentException refused(Path file) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TorchScriptFile.inspect(file, "a test network"));
        assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
        assertEquals(-1, e.getMessage().indexOf('\n'), "one line: " + e.getMessage());
        return e;
    }

    @Test
    void theStandInsRootForwardAndTensorShapesAreReadFromTheArchive(@TempDir Path dir) throws IOException {
        TorchScriptFile f = TorchScriptFile.inspect(standIn(dir), "the FID Inception network");
        assertEquals("__torch__.StandIn", f.rootClass());
        assertEquals(List.of("img", "return_features", "use_fp16", "no_output_bias"), f.forwardParameters());
        assertArrayEquals(new long[] {1008, 2048}, f.tensor("output.weight").orElseThrow());
        assertArrayEquals(new long[] {1008}, f.tensor("output.bias").orElseThrow());
        assertArrayEquals(new long[] {8, 3, 8, 8}, f.tensor("layers.conv.weight").orElseThrow());
        assertTrue(f.hasModule("layers"));
    }

    @Test
    void codeThatMapsAFileIsRefusedWithItsEntryAndLine(@TempDir Path dir) throws IOException {
        Path victim = Files.writeString(dir.resolve("victim.txt"), "precious");
        Path crafted = CraftedTorchScript.fileOverwriter(standIn(dir), dir.resolve("crafted.pt"), "img", victim);
        String m = refused(crafted).getMessage();
        assertTrue(m.contains("refused before loading: its TorchScript code (inception-standin/code/__torch__.py line 13)"
                + " names 'from_file'"), m);
        assertEquals("precious", Files.readString(victim));
    }

    @Test
    void forbiddenNamesAreFoundInCodeAndInWholeStringsButNotInMessages() {
        assertTrue(TorchScriptCode.findForbidden("    t = torch.from_file(path, True, 8)\n").isPresent());
        assertTrue(TorchScriptCode.findForbidden("    torch.save(x, \"/tmp/x\")\n").isPresent());
        // an operation chosen by name: the name in a string, split into literals the parser joins, by getattr on torch
        assertEquals("names 'from_file' in a string, an operation on files, processes or the network",
                TorchScriptCode.findForbidden("    f = getattr(x, \"from_\" \"file\")\n").orElseThrow().what());
        assertTrue(TorchScriptCode.findForbidden("    f = getattr(torch, name)\n").isPresent());
        assertTrue(TorchScriptCode.findForbidden("    f = getattr(x, \"\\x66rom_file\")\n").isPresent());
        assertTrue(TorchScriptCode.findForbidden("    y = ops.mylib.evil(x)\n").orElseThrow().what().contains("'mylib'"));
        assertTrue(TorchScriptCode.findForbidden("    c = torch.classes.io.File()\n").isPresent());
        // generated code: error messages, builtins' exception names, children named by number, comments
        assertTrue(TorchScriptCode.findForbidden("    ops.prim.RaiseException(\"please load and save it again\","
                + " \"builtins.ValueError\")\n    _0 = getattr(self, \"0\")  # we open nothing\n").isEmpty());
    }

    @Test
    void entryNamesThatRepeatInAnyCaseAreRefused(@TempDir Path dir) throws IOException {
        Path twice = CraftedTorchScript.rewrite(standIn(dir), dir.resolve("twice.pt"), (n, c) -> c);
        Path doubled = dir.resolve("doubled.pt");
        try (var in = new ZipFile(twice.toFile());
             ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(doubled))) {
            for (var en = in.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                out.putNextEntry(new ZipEntry(e.getName()));
                out.write(in.getInputStream(e).readAllBytes());
            }
            // a second root class: libtorch looks names up regardless of case and might compile this one
            out.putNextEntry(new ZipEntry("inception-standin/CODE/__torch__.py"));
            out.write("class StandIn(Module):\n  pass\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(refused(doubled).getMessage().contains("names the entry inception-standin/CODE/__torch__.py twice"));
    }

    @Test
    void aCompressedCodeEntryBeyondTheBoundIsRefusedWithoutReadingItAll(@TempDir Path dir) throws IOException {
        // 40 MB of spaces deflate to about 40 KB: the entry claims nothing, the reader stops at its bound
        Path bomb = CraftedTorchScript.rewrite(standIn(dir), dir.resolve("bomb.pt"), (name, content) -> {
            if (!name.endsWith("/code/__torch__/torch/nn/functional.py")) {
                return content;
            }
            byte[] big = new byte[40 << 20];
            Arrays.fill(big, (byte) ' ');
            return big;
        });
        assertTrue(Files.size(bomb) < (2 << 20), "the crafted file is small: " + Files.size(bomb));
        assertTrue(refused(bomb).getMessage().contains("goes past clel's bound on TorchScript code"));
    }

    @Test
    void otherFilesGiveOneLineErrors(@TempDir Path dir) throws IOException {
        assertTrue(refused(dir.resolve("missing.pt")).getMessage().contains("no such file (a test network)"));
        Path text = Files.writeString(dir.resolve("notes.pt"), "not a zip");
        assertTrue(refused(text).getMessage().contains("not a TorchScript archive"));
        Path noPickle = dir.resolve("no-pickle.pt");
        try (OutputStream f = Files.newOutputStream(noPickle); ZipOutputStream z = new ZipOutputStream(f)) {
            z.putNextEntry(new ZipEntry("m/code/__torch__.py"));
            z.write("class M(Module):\n  pass\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(refused(noPickle).getMessage().contains("not a TorchScript file (no data.pkl"));
        Path legacy = CraftedTorchScript.rewrite(standIn(dir), dir.resolve("legacy.pt"),
                (name, content) -> content);
        try (var fs = FileSystems.newFileSystem(legacy)) {
            Files.writeString(fs.getPath("inception-standin/model.json"), "{}");
        }
        assertTrue(refused(legacy).getMessage().contains("old JSON format"));
        Path truncatedPickle = CraftedTorchScript.rewrite(standIn(dir), dir.resolve("truncated.pt"),
                (name, content) -> name.endsWith("/data.pkl") ? Arrays.copyOf(content, content.length / 2) : content);
        assertTrue(refused(truncatedPickle).getMessage().contains("data.pkl ends in the middle of the module tree"));
        Path loop = dir.resolve("loop.pt");
        Files.createSymbolicLink(loop, loop);
        assertTrue(refused(loop).getMessage().contains("a symbolic link loop"));
    }
}

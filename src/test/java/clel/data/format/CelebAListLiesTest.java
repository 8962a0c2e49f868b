package clel.data.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.data.ChildJvm;
import clel.data.ImageSet;
import clel.data.InProcessClel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CelebA list files that lie about the image count or name files outside the image folder: one-line errors naming
 * the file and line, nothing allocated for the count, nothing read outside the data folder.
 */
class CelebAListLiesTest {
    @TempDir
    Path tmp;

    private static void writePng(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        ImageIO.write(new BufferedImage(178, 218, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
    }

    /** A CelebA folder with one attribute, image 000001.png and the given rows, all in partition 0. */
    private Path celeba(String count, List<String> names) throws IOException {
        Path root = Files.createTempDirectory(tmp, "celeba");
        StringBuilder attrs = new StringBuilder(count).append("\nSmiling\n");
        StringBuilder parts = new StringBuilder();
        for (String n : names) {
            attrs.append(n).append(" 1\n");
            parts.append(n).append(" 0\n");
        }
        Files.writeString(root.resolve("list_attr_celeba.txt"), attrs);
        Files.writeString(root.resolve("list_eval_partition.txt"), parts);
        writePng(root.resolve("img_align_celeba/000001.png"));
        return root;
    }

    @Test
    void aCountOfTwoBillionIsRefusedInASmallHeap() throws Exception {
        Path root = celeba("2000000000", List.of("000001.png"));
        Map<String, String> before = ChildJvm.snapshot(root);
        ChildJvm.Result r = ChildJvm.clel(Files.createDirectories(tmp.resolve("work")), "data", "inspect", "celeba",
                root.toString());
        r.assertOneLineError(root.resolve("list_attr_celeba.txt") + " line 1: image count 2000000000 does not fit in the"
                + " file (32 bytes hold at most 8 rows of 1 attributes)");
        assertEquals(before, ChildJvm.snapshot(root));
    }

    @Test
    void namesThatLeaveTheImageFolderAreRefused() throws IOException {
        Path outside = tmp.resolve("outside/secret.png");
        writePng(outside);
        for (String name : List.of("../../outside/secret.png", outside.toString(), "..", "sub\\..\\x.png")) {
            Path root = celeba("2", List.of("000001.png", name));
            inspectFails(root, root.resolve("list_eval_partition.txt") + " line 2: image name '" + name + "' is not a"
                    + " plain file name (no folders, '..' or absolute paths)");
        }
    }

    @Test
    void aLinkOutOfTheImageFolderIsRefusedAndALinkedImageFolderIsRead() throws IOException {
        Path outside = tmp.resolve("outside/secret.png");
        writePng(outside);
        Path root = celeba("2", List.of("000001.png", "000002.png"));
        Path link = root.resolve("img_align_celeba/000002.png");
        Files.createSymbolicLink(link, outside);
        inspectFails(root, link + ": a link to " + outside.toRealPath() + ", outside "
                + root.resolve("img_align_celeba").toRealPath() + "; CelebA images must lie in the image folder");

        // the image folder itself may be a link (data on another disk): its files lie inside its real path
        Files.delete(link);
        writePng(root.resolve("img_align_celeba/000002.png"));
        Path moved = Files.move(root.resolve("img_align_celeba"), tmp.resolve("elsewhere"));
        Files.createSymbolicLink(root.resolve("img_align_celeba"), moved);
        ImageSet set = CelebAReader.builder(root).outputSize(8).build().read();
        assertEquals(2, set.count());
    }

    /** {@code clel data inspect celeba ROOT} ends in the one-line error {@code message} and leaves ROOT as it was. */
    private void inspectFails(Path root, String message) throws IOException {
        Map<String, String> before = ChildJvm.snapshot(root);
        ChildJvm.Result r = InProcessClel.run("data", "inspect", "celeba", root.toString(), "--grid",
                tmp.resolve("grid.png").toString());
        r.assertOneLineError(message);
        assertEquals(message, r.errorMessage());
        assertEquals(before, ChildJvm.snapshot(root));
    }

    @Test
    void theCheckOfNamesKeepsOrdinaryNames() {
        assertTrue(CelebAReader.isPlainFileName("000001.jpg"));
        assertTrue(CelebAReader.isPlainFileName("..x.jpg"));
        for (String bad : List.of("", ".", "..", "a/b.jpg", "/etc/passwd", "a\\b.jpg", "a\0.jpg")) {
            assertFalse(CelebAReader.isPlainFileName(bad), bad);
        }
    }
}

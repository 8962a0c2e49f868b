package clel.data.format;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The files of a directory tree or of a .zip archive, as relative '/'-separated paths, with a way to read
 * each file's bytes. Hidden entries (a path component starting with '.') and macOS "__MACOSX" folders are left out.
 */
final class FolderListing implements Closeable {
    private final String displayRoot;
    private final Path dir;
    private final ZipFile zip;
    private final Map<String, ZipEntry> zipEntries;
    /** Relative paths of regular files, sorted. */
    final List<String> files;
    /** Relative paths of all directories (explicit or implied by a file path), without trailing '/'; "" is the root. */
    final TreeSet<String> dirs;

    private FolderListing(String displayRoot, Path dir, ZipFile zip, Map<String, ZipEntry> zipEntries,
                          List<String> files, TreeSet<String> dirs) {
        this.displayRoot = displayRoot;
        this.dir = dir;
        this.zip = zip;
        this.zipEntries = zipEntries;
        this.files = files;
        this.dirs = dirs;
    }

    /** List a directory or a .zip file. */
    static FolderListing open(Path root) throws IOException {
        if (Files.isDirectory(root)) {
            List<String> files = new ArrayList<>();
            TreeSet<String> dirs = new TreeSet<>();
            try (Stream<Path> walk = Files.walk(root, FileVisitOption.FOLLOW_LINKS)) {
                walk.forEach(p -> {
                    String rel = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/");
                    if (hidden(rel)) {
                        return;
                    }
                    if (Files.isDirectory(p)) {
                        dirs.add(rel);
                    } else if (Files.isRegularFile(p)) {
                        files.add(rel);
                    }
                });
            }
            return finish(root.toString(), root, null, null, files, dirs);
        }
        if (!Files.isRegularFile(root)) {
            throw new NoSuchFileException(root.toString(), null, "no such directory or .zip file");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(root.toFile());
        } catch (ZipException e) {
            throw new DataFormatException(root + ": not a directory and not a readable .zip archive ("
                    + e.getMessage() + ")", e);
        }
        try {
            List<String> files = new ArrayList<>();
            TreeSet<String> dirs = new TreeSet<>();
            Map<String, ZipEntry> entries = new HashMap<>();
            Enumeration<? extends ZipEntry> en = zip.entries();
            while (en.hasMoreElements()) {
                ZipEntry e = en.nextElement();
                String name = e.getName().replace('\\', '/');
                while (name.startsWith("/")) {
                    name = name.substring(1);
                }
                if (e.isDirectory()) {
                    name = name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
                    if (!hidden(name)) {
                        dirs.add(name);
                    }
                } else if (!hidden(name)) {
                    files.add(name);
                    entries.put(name, e);
                }
            }
            return finish(root.toString(), null, zip, entries, files, dirs);
        } catch (RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static FolderListing finish(String display, Path dir, ZipFile zip, Map<String, ZipEntry> entries,
                                        List<String> files, TreeSet<String> dirs) {
        files.sort(null);
        dirs.add("");
        for (String f : files) {
            String p = parent(f);
            while (!p.isEmpty() && dirs.add(p)) {
                p = parent(p);
            }
        }
        return new FolderListing(display, dir, zip, entries, files, dirs);
    }

    private static boolean hidden(String rel) {
        for (String part : rel.split("/")) {
            if (part.startsWith(".") && !part.equals(".") || part.equals("__MACOSX")) {
                return true;
            }
        }
        return false;
    }

    /** Parent of a relative path ("" for top-level entries). */
    static String parent(String rel) {
        int i = rel.lastIndexOf('/');
        return i < 0 ? "" : rel.substring(0, i);
    }

    /** Last component of a relative path. */
    static String baseName(String rel) {
        return rel.substring(rel.lastIndexOf('/') + 1);
    }

    /** Join a directory (possibly "") and a child name. */
    static String join(String dirRel, String child) {
        return dirRel.isEmpty() ? child : dirRel + "/" + child;
    }

    /** Names of the directories directly inside {@code dirRel}, sorted. */
    List<String> childDirs(String dirRel) {
        List<String> out = new ArrayList<>();
        String prefix = dirRel.isEmpty() ? "" : dirRel + "/";
        for (String d : dirs.tailSet(prefix, false)) {
            if (!d.startsWith(prefix)) {
                break;
            }
            String rest = d.substring(prefix.length());
            if (!rest.isEmpty() && rest.indexOf('/') < 0) {
                out.add(rest);
            }
        }
        return out;
    }

    /** How a relative path is named in messages: "root/rel" or "archive.zip!rel". */
    String display(String rel) {
        if (zip != null) {
            return displayRoot + "!" + rel;
        }
        return rel.isEmpty() ? displayRoot : dir.resolve(rel).toString();
    }

    /** A source reading the bytes of a file of the listing (thread-safe). */
    ImageEntry entry(String rel) {
        if (zip != null) {
            ZipEntry e = zipEntries.get(rel);
            return ImageEntry.ofStream(display(rel), () -> zip.getInputStream(e));
        }
        return ImageEntry.ofFile(dir.resolve(rel));
    }

    boolean isZip() {
        return zip != null;
    }

    @Override
    public void close() throws IOException {
        if (zip != null) {
            zip.close();
        }
    }
}

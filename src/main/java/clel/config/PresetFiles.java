package clel.config;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The built-in presets: the YAML files of the resource folder {@code clel/presets}, listed once and read by name. */
final class PresetFiles {
    /** The layer under every configuration, {@code defaults.yaml}; not a preset of its own. */
    static final String BASE = "defaults";
    private static final String PRESET_FOLDER = "/clel/presets/";

    private PresetFiles() {
    }

    /** The preset names, listed on first use (loading a stored configuration does not need them). */
    private static final class Index {
        static final List<String> NAMES = scan();
    }

    /** The preset names, sorted, without {@link #BASE}. */
    static List<String> names() {
        return Index.NAMES;
    }

    /** The parsed YAML of a built-in preset (or of {@link #BASE}). */
    static Map<String, Object> read(String name) {
        String path = PRESET_FOLDER + name + ".yaml";
        try (InputStream in = PresetFiles.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing built-in preset " + path);
            }
            return SafeYaml.parseMap(new String(in.readAllBytes(), StandardCharsets.UTF_8), "preset " + name);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read built-in preset " + path, e);
        }
    }

    /** The names of the YAML files beside defaults.yaml, from the class path's folder or jar. */
    private static List<String> scan() {
        URL url = PresetFiles.class.getResource(PRESET_FOLDER + BASE + ".yaml");
        if (url == null) {
            throw new IllegalStateException("missing built-in preset " + PRESET_FOLDER + BASE + ".yaml");
        }
        List<String> files = new ArrayList<>();
        try {
            switch (url.getProtocol()) {
                case "file" -> {
                    try (Stream<Path> s = Files.list(Path.of(url.toURI()).getParent())) {
                        s.map(p -> p.getFileName().toString()).forEach(files::add);
                    }
                }
                case "jar" -> {
                    JarURLConnection c = (JarURLConnection) url.openConnection();
                    c.setUseCaches(false);
                    String folder = c.getEntryName().substring(0, c.getEntryName().lastIndexOf('/') + 1);
                    try (JarFile jar = c.getJarFile()) {
                        jar.stream().map(JarEntry::getName)
                                .filter(n -> n.startsWith(folder) && n.indexOf('/', folder.length()) < 0)
                                .map(n -> n.substring(folder.length())).forEach(files::add);
                    }
                }
                default -> throw new IllegalStateException("cannot list the built-in presets in " + url);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot list the built-in presets in " + url, e);
        }
        return files.stream().filter(n -> n.endsWith(".yaml")).map(n -> n.substring(0, n.length() - ".yaml".length()))
                .filter(n -> !n.equals(BASE)).sorted().toList();
    }
}

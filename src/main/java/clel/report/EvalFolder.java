package clel.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The evaluation results of a run folder as the report shows them: every RUN/eval/*.json as an {@link EvalFile} with
 * its images, and the RUN/eval/*.png that no JSON names. Missing or damaged pieces become notes.
 *
 * @param files the JSON files, by name
 * @param plots the other images, by name, each captioned with its path in the run folder
 */
record EvalFolder(List<EvalFile> files, List<Figure> plots) {
    /** The folder, relative to the run folder. */
    static final String DIR = "eval";

    EvalFolder {
        files = List.copyOf(files);
        plots = List.copyOf(plots);
    }

    /** Reads RUN/eval/; what cannot be read is added to {@code notes}. */
    static EvalFolder read(Path runDir, RunFiles runFiles, List<String> notes) {
        Path dir = runDir.resolve(DIR);
        if (!Files.isDirectory(dir)) {
            notes.add("no eval/ folder yet: no evaluation results");
            return new EvalFolder(List.of(), List.of());
        }
        List<Path> jsons = new ArrayList<>();
        List<Path> pngs = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
                if (!Files.isRegularFile(p) || name.startsWith(".")) {
                    continue; // folders and temporary files of atomic writes
                }
                if (name.endsWith(".json")) {
                    jsons.add(p);
                } else if (name.endsWith(".png")) {
                    pngs.add(p);
                }
            }
        } catch (IOException e) {
            notes.add(dir + ": cannot list (" + e.getMessage() + ")");
            return new EvalFolder(List.of(), List.of());
        }
        jsons.sort(null);
        pngs.sort(null);
        if (jsons.isEmpty() && pngs.isEmpty()) {
            notes.add("eval/ holds no *.json results or *.png plots yet");
        }
        Map<Path, Optional<Figure>> referenced = new HashMap<>(); // an image named by two files is read once
        List<EvalFile> files = new ArrayList<>();
        for (Path json : jsons) {
            String name = json.getFileName().toString();
            EvalTable t;
            try {
                if (runFiles.outsideRun(json, notes)) {
                    continue;
                }
                t = EvalTable.read(json);
            } catch (IOException e) {
                String msg = FirstLine.of(e.getMessage());
                notes.add("skipped " + msg);
                files.add(new EvalFile(name, null, msg, List.of(), List.of()));
                continue;
            }
            List<Figure> figs = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            for (String img : t.images()) {
                Path p = resolveImage(runDir, dir, img);
                if (p == null) {
                    problems.add("image '" + img + "' not found inside the run folder");
                    continue;
                }
                if (!referenced.containsKey(p)) {
                    referenced.put(p, runFiles.image(p, runDir.relativize(p).toString(), problems));
                }
                referenced.get(p).ifPresent(figs::add);
            }
            for (int i = 0; i < t.rows().size(); i++) {
                int n = t.rows().get(i).size();
                if (t.columns().size() > 0 && n != t.columns().size()) {
                    problems.add("row " + (i + 1) + " has " + n + " cells for " + t.columns().size() + " columns");
                }
            }
            problems.forEach(pr -> notes.add("eval/" + name + ": " + pr));
            files.add(new EvalFile(name, t, null, figs, problems));
        }
        List<Figure> plots = new ArrayList<>();
        for (Path png : pngs) {
            Path abs = png.toAbsolutePath().normalize();
            if (!referenced.containsKey(abs)) {
                runFiles.image(abs, runDir.relativize(abs).toString(), notes).ifPresent(plots::add);
            }
        }
        return new EvalFolder(files, plots);
    }

    /** The caption of eval/{@code fileName} as an image of this folder (its path in the run folder). */
    static String caption(String fileName) {
        return DIR + "/" + fileName;
    }

    /**
     * An image path of an eval JSON: relative to the JSON's folder, else to the run folder; null if it is
     * absolute, a URL, missing, or outside the run folder.
     */
    private static Path resolveImage(Path runDir, Path evalDir, String rel) {
        if (rel.isBlank() || rel.contains(":") || rel.startsWith("/") || rel.startsWith("\\")) {
            return null;
        }
        for (Path base : List.of(evalDir, runDir)) {
            try {
                Path p = base.resolve(rel).toAbsolutePath().normalize();
                if (p.startsWith(runDir) && Files.isRegularFile(p)) {
                    return p;
                }
            } catch (InvalidPathException e) {
                return null;
            }
        }
        return null;
    }
}

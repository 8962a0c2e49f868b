package clel.cli;

import ai.djl.ndarray.NDArray;
import clel.classifier.TrainedClassifier;
import clel.data.ImageSet;
import clel.evaluation.Psnr;
import clel.report.EvalTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@code clel restore} measured, one row per image kind (input, corrupted, restored, unguided): the mean PSNR
 * against the input ({@link Psnr}, over all pixels) and, with a classifier of classes, how often its prediction
 * equals the one on the clean input and, when the input's class folders name the classifier's classes ('/' in a class
 * name written as '_' in the folder's), its accuracy against those labels.
 */
final class RestoreReport {
    private final String what;
    private final List<String> kinds = new ArrayList<>();
    private final List<NDArray> arrays = new ArrayList<>();
    private final ImageSet images;
    private final TrainedClassifier judge;
    private final double seconds;

    /** @param unguided null when not restored unguided */
    RestoreReport(String what, ImageSet images, NDArray input, NDArray corrupted, NDArray restored, NDArray unguided,
                  TrainedClassifier judge, double seconds) {
        this.what = what;
        this.images = images;
        this.judge = judge;
        this.seconds = seconds;
        kinds.addAll(List.of("input", "corrupted", "restored"));
        arrays.addAll(List.of(input, corrupted, restored));
        if (unguided != null) {
            kinds.add("unguided (beta 0)");
            arrays.add(unguided);
        }
    }

    void write(Path json, String image, PrintWriter pw) throws IOException {
        int n = images.count();
        float[] reference = arrays.get(0).toFloatArray();
        int[] labels = judge == null ? null : labels();
        int[] cleanPrediction = judge == null ? null : judge.predict(arrays.get(0));
        List<String> columns = new ArrayList<>(List.of("images", "PSNR (dB) vs input"));
        if (judge != null) {
            columns.add("same class as on the input");
            if (labels != null) {
                columns.add("classifier accuracy");
            }
        }
        List<List<Object>> rows = new ArrayList<>();
        for (int k = 0; k < kinds.size(); k++) {
            List<Object> row = new ArrayList<>();
            row.add(kinds.get(k));
            row.add(k == 0 ? "-" : String.format(Locale.ROOT, "%.2f", Psnr.mean(arrays.get(k).toFloatArray(), reference, n)));
            if (judge != null) {
                int[] p = k == 0 ? cleanPrediction : judge.predict(arrays.get(k));
                row.add(rate(agreement(p, cleanPrediction)));
                if (labels != null) {
                    row.add(rate(agreement(p, labels)));
                }
            }
            rows.add(row);
        }
        String notes = String.format(Locale.ROOT, "%s; %d images; %.1f s", what, n, seconds)
                + (judge != null && labels == null ? "; the class folders do not name the classifier's classes, so "
                + "only the agreement with its prediction on the input is reported" : "");
        EvalTable.of("Restoration: " + what, columns, rows, List.of(image), notes).write(json);
        pw.println(what + String.format(Locale.ROOT, " (%.1f s)", seconds));
        pw.println(String.join("\t", columns));
        for (List<Object> r : rows) {
            pw.println(String.join("\t", r.stream().map(String::valueOf).toList()));
        }
    }

    /** The classifier's class index of each image from its class folder, or null unless every folder names one. */
    private int[] labels() {
        List<String> names = judge.outputNames().stream().map(s -> s.replace('/', '_')).toList();
        int[] byFolder = new int[images.classNames().size()];
        for (int c = 0; c < byFolder.length; c++) {
            byFolder[c] = names.indexOf(images.classNames().get(c));
            if (byFolder[c] < 0) {
                return null;
            }
        }
        int[] out = new int[images.count()];
        for (int i = 0; i < out.length; i++) {
            out[i] = byFolder[images.label(i)];
        }
        return out;
    }

    private static double agreement(int[] a, int[] b) {
        int same = 0;
        for (int i = 0; i < a.length; i++) {
            same += a[i] == b[i] ? 1 : 0;
        }
        return same / (double) a.length;
    }

    private static String rate(double r) {
        return String.format(Locale.ROOT, "%.3f", r);
    }
}

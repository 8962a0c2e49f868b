package clel.evaluation;

import clel.data.Factor;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * What a representation knows about each factor of the data: for every {@link Factor}, the held-out accuracy of a
 * {@link LinearProbe} and of k-NN by cosine similarity ({@link NearestNeighbourAccuracy}), both fitted on the
 * reference images' features, next to chance (always guessing the reference set's most frequent value).
 */
public final class FactorProbes {
    /**
     * One factor's result.
     *
     * @param factor factor name
     * @param values number of values it takes in the measured images
     * @param chance held-out accuracy of the most frequent reference value
     * @param linear held-out accuracy of the linear probe
     * @param knn    held-out accuracy of k-NN
     */
    public record Result(String factor, int values, double chance, double linear, double knn) {
    }

    private FactorProbes() {
    }

    /**
     * @param reference        (N, d) features of the reference images
     * @param referenceFactors their factors ({@link Factor#of})
     * @param query            (M, d) features of held-out images
     * @param queryFactors     their factors; a factor missing here, or with other values, is skipped
     * @param k                neighbours of the k-NN classifier
     */
    public static List<Result> measure(float[][] reference, List<Factor> referenceFactors, float[][] query,
                                       List<Factor> queryFactors, int k) {
        List<Result> results = new ArrayList<>();
        for (Factor r : referenceFactors) {
            Factor q = queryFactors.stream().filter(f -> f.name().equals(r.name()) && f.valueNames().equals(r.valueNames()))
                    .findFirst().orElse(null);
            if (q == null) {
                continue;
            }
            int classes = r.valueNames().size();
            results.add(new Result(r.name(), presentValues(r.values(), q.values()), chance(r.values(), q.values(), classes),
                    LinearProbe.accuracy(reference, r.values(), query, q.values(), classes),
                    NearestNeighbourAccuracy.accuracy(reference, r.values(), query, q.values(), k)));
        }
        return results;
    }

    /** How many of the factor's values occur in the images (fewer than its names when a class subset was taken). */
    private static int presentValues(int[] reference, int[] query) {
        return (int) IntStream.concat(IntStream.of(reference), IntStream.of(query)).distinct().count();
    }

    private static double chance(int[] reference, int[] query, int classes) {
        int[] counts = new int[classes];
        for (int v : reference) {
            counts[v]++;
        }
        int mode = 0;
        for (int c = 1; c < classes; c++) {
            if (counts[c] > counts[mode]) {
                mode = c;
            }
        }
        int hits = 0;
        for (int v : query) {
            if (v == mode) {
                hits++;
            }
        }
        return hits / (double) query.length;
    }
}

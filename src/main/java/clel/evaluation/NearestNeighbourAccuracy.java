package clel.evaluation;

import clel.data.BatchSampler;
import clel.data.ImageSet;
import clel.model.TrainedModel;
import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * k-nearest-neighbour classification accuracy of features by cosine similarity (the public code's evaluation
 * of the encoder's representations): each query takes the majority label of its k most similar reference rows
 * (ties broken by the summed similarity, then the lower label).
 */
public final class NearestNeighbourAccuracy {
    private NearestNeighbourAccuracy() {
    }

    /**
     * The k-NN accuracy of a trained model's encoder latents z = h(x)/||h(x)|| (what {@code clel analyze} reports): the
     * first {@code references} images of {@code reference} are the labelled set, the first {@code queries} images of
     * {@code query} are classified.
     */
    public static double ofEncoder(TrainedModel model, ImageSet reference, int references, ImageSet query, int queries,
                                   int k) {
        int nRef = Math.min(references, reference.count());
        int nQ = Math.min(queries, query.count());
        float[][] refZ = model.latents(BatchSampler.pixels(reference, IntStream.range(0, nRef).toArray()));
        float[][] queryZ = model.latents(BatchSampler.pixels(query, IntStream.range(0, nQ).toArray()));
        return accuracy(refZ, Arrays.copyOf(reference.labels(), nRef), queryZ, Arrays.copyOf(query.labels(), nQ), k);
    }

    /**
     * @param reference       (N, d) features of the labelled reference set (e.g. the training split)
     * @param referenceLabels N labels
     * @param query           (M, d) features to classify (e.g. the test split)
     * @param queryLabels     M true labels
     * @param k               neighbours (1 = nearest neighbour)
     * @return the fraction of queries whose predicted label is right
     */
    public static double accuracy(float[][] reference, int[] referenceLabels, float[][] query, int[] queryLabels, int k) {
        if (reference.length != referenceLabels.length || query.length != queryLabels.length) {
            throw new IllegalArgumentException("features and labels differ in count");
        }
        if (k < 1 || k > reference.length) {
            throw new IllegalArgumentException("k must be in [1, " + reference.length + "], got " + k);
        }
        double[][] ref = unit(reference);
        double[][] q = unit(query);
        int classes = 0;
        for (int l : referenceLabels) {
            classes = Math.max(classes, l + 1);
        }
        int correct = 0;
        for (int i = 0; i < q.length; i++) {
            int[] best = new int[k];
            double[] bestSim = new double[k];
            Arrays.fill(bestSim, Double.NEGATIVE_INFINITY);
            for (int j = 0; j < ref.length; j++) {
                double s = 0;
                for (int d = 0; d < ref[j].length; d++) {
                    s += q[i][d] * ref[j][d];
                }
                if (s > bestSim[k - 1]) {
                    int p = k - 1;
                    while (p > 0 && bestSim[p - 1] < s) {
                        bestSim[p] = bestSim[p - 1];
                        best[p] = best[p - 1];
                        p--;
                    }
                    bestSim[p] = s;
                    best[p] = j;
                }
            }
            int[] votes = new int[classes];
            double[] weight = new double[classes];
            for (int n = 0; n < k; n++) {
                votes[referenceLabels[best[n]]]++;
                weight[referenceLabels[best[n]]] += bestSim[n];
            }
            int pred = 0;
            for (int c = 1; c < classes; c++) {
                if (votes[c] > votes[pred] || (votes[c] == votes[pred] && weight[c] > weight[pred])) {
                    pred = c;
                }
            }
            if (pred == queryLabels[i]) {
                correct++;
            }
        }
        return correct / (double) q.length;
    }

    private static double[][] unit(float[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            double n = 0;
            for (float v : rows[i]) {
                n += (double) v * v;
            }
            n = Math.sqrt(Math.max(n, 1e-24));
            out[i] = new double[rows[i].length];
            for (int d = 0; d < rows[i].length; d++) {
                out[i][d] = rows[i][d] / n;
            }
        }
        return out;
    }
}

package clel.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NearestNeighbourAccuracyTest {

    @Test
    void handComputedCases() {
        // reference: class 0 along +x, class 1 along +y (scale does not matter: cosine)
        float[][] ref = {{1, 0}, {2, 0.1f}, {0, 1}, {0.1f, 3}};
        int[] refLabels = {0, 0, 1, 1};
        // queries: (1, 0.2) -> class 0 ; (0.2, 1) -> class 1 ; (1, 0.9) nearest is (2, 0.1)? cos with (1,0)=0.743,
        // (2,0.1)=0.779, (0,1)=0.669, (0.1,3)=0.702 -> class 0, but its true label is 1: one error of three
        float[][] q = {{1, 0.2f}, {0.2f, 1}, {1, 0.9f}};
        int[] qLabels = {0, 1, 1};
        assertEquals(2.0 / 3, NearestNeighbourAccuracy.accuracy(ref, refLabels, q, qLabels, 1), 1e-12);
        // k = 3 for the third query: neighbours (2,0.1) c0, (1,0) c0, (0.1,3) c1 -> majority class 0, still wrong
        assertEquals(2.0 / 3, NearestNeighbourAccuracy.accuracy(ref, refLabels, q, qLabels, 3), 1e-12);
        // k = 4: two votes each; summed similarity decides: c0 0.743+0.779 = 1.522 > c1 0.669+0.702 -> class 0
        assertEquals(2.0 / 3, NearestNeighbourAccuracy.accuracy(ref, refLabels, q, qLabels, 4), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> NearestNeighbourAccuracy.accuracy(ref, refLabels, q, qLabels, 5));
    }
}

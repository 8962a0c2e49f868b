package clel.evaluation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Out-of-distribution detection results (paper Section 4.2, Table 4): per OOD set, the AUROC of separating the
 * in-distribution scores from the OOD ones, with in-distribution as the positive class scored by -s(x)
 * (lower energy = more in-distribution), as the public code does.
 */
public final class OodEvaluation {
    private OodEvaluation() {
    }

    /**
     * @param inScores  s(x) on the in-distribution held-out set
     * @param outScores s(x) per OOD set name
     * @return ROC curve (with AUROC) per OOD set, in the given order
     */
    public static Map<String, RocCurve> evaluate(float[] inScores, Map<String, float[]> outScores) {
        double[] pos = negated(inScores);
        Map<String, RocCurve> out = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : outScores.entrySet()) {
            out.put(e.getKey(), Auroc.curve(pos, negated(e.getValue())));
        }
        return out;
    }

    static double[] negated(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = -v[i];
        }
        return d;
    }
}

package clel.training;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.config.DivergenceAction;
import clel.config.GuardConfig;
import org.junit.jupiter.api.Test;

class TrainingHealthTest {
    /** window 10, max_inversion 0.5, min cosine 0, min step ratio 1e-6. */
    private static final GuardConfig GUARD = new GuardConfig(DivergenceAction.STOP, DivergenceAction.SKIP, 1e4, 0, 3, 10,
            10, 0.5, 0.0, 1e-6);

    private static String feed(TrainingHealth h, long from, long to, double eData, double eSample, double cos, double ratio) {
        String verdict = null;
        for (long t = from; t <= to && verdict == null; t++) {
            verdict = h.observe(t, eData, eSample, cos, ratio);
        }
        return verdict;
    }

    @Test
    void aHealthyRunIsNeverFlagged() {
        TrainingHealth h = new TrainingHealth(GUARD, 5, true);
        assertNull(feed(h, 1, 500, 0.04, 0.06, 0.6, 0.4));
    }

    @Test
    void sustainedInversionRelativeToTheEnergiesScaleIsFlagged() {
        TrainingHealth h = new TrainingHealth(GUARD, 5, true);
        assertNull(feed(h, 1, 100, 0.04, 0.06, 0.6, 0.4));
        // the main job's failure: E(x) 0.012 against E(x~) 0.003 (75% of their scale), tiny in absolute terms
        String v = feed(h, 101, 200, 0.012, 0.003, 0.6, 0.4);
        assertTrue(v != null && v.startsWith("EBM inverted over iterations") && v.contains("guard.max_inversion 0.5"), v);
        assertTrue(v.contains("iterations 101-110"), v);
    }

    @Test
    void shortInversionsAndWarmUpAreTolerated() {
        TrainingHealth h = new TrainingHealth(GUARD, 50, true);
        assertNull(feed(h, 1, 50, 0.5, 0.01, -0.5, 1e-12), "nothing counts during the warm-up");
        for (long t = 51; t <= 300; t++) {
            boolean spike = t % 10 < 3; // 3 inverted iterations in every 10
            assertNull(h.observe(t, spike ? 0.09 : 0.04, 0.06, 0.6, 0.4), "iteration " + t);
        }
    }

    @Test
    void aCosineThatStaysNegativeIsFlaggedOnlyWhenTheLatentTermIsOn() {
        TrainingHealth on = new TrainingHealth(GUARD, 0, true);
        String v = feed(on, 1, 100, 0.04, 0.06, -0.2, 0.4);
        assertTrue(v != null && v.startsWith("latent term failed") && v.contains("-0.200"), v);
        TrainingHealth off = new TrainingHealth(GUARD, 0, false);
        assertNull(feed(off, 1, 100, 0.04, 0.06, -0.2, 0.4), "beta = 0: the cosine is not trained");
    }

    @Test
    void collapsedAdamStepsAreFlaggedWhenTheWholeWindowIsTiny() {
        TrainingHealth h = new TrainingHealth(GUARD, 0, true);
        assertNull(feed(h, 1, 9, 0.04, 0.06, 0.6, 1e-13));
        assertNull(h.observe(10, 0.04, 0.06, 0.6, 0.3), "one normal step in the window");
        assertNull(feed(h, 11, 19, 0.04, 0.06, 0.6, 1e-13));
        String v = h.observe(20, 0.04, 0.06, 0.6, 1e-13);
        assertTrue(v != null && v.startsWith("EBM optimizer collapsed over iterations 11-20"), v);
        TrainingHealth skipped = new TrainingHealth(GUARD, 0, true);
        assertNull(feed(skipped, 1, 50, 0.04, 0.06, 0.6, Double.NaN), "skipped updates (NaN) never count as collapsed");
    }

    @Test
    void resetForgetsTheWindow() {
        TrainingHealth h = new TrainingHealth(GUARD, 0, true);
        assertNull(feed(h, 1, 9, 0.012, 0.003, 0.6, 0.4));
        h.reset();
        assertNull(feed(h, 10, 18, 0.012, 0.003, 0.6, 0.4), "the window fills again after a rollback");
        assertTrue(h.observe(19, 0.012, 0.003, 0.6, 0.4) != null);
    }

    @Test
    void windowZeroTurnsTheRulesOff() {
        GuardConfig off = new GuardConfig(DivergenceAction.STOP, DivergenceAction.SKIP, 1e4, 0, 3, 10, 0, 0.5, 0, 1e-6);
        assertNull(feed(new TrainingHealth(off, 0, true), 1, 100, 0.5, 0.01, -0.9, 1e-13));
    }
}

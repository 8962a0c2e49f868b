package clel.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SlowdownNoticeTest {
    @Test
    void reportsASlowdownOnceAndItsEndOnce() {
        // reference 2.0 s: a slowdown past 1.5x = 3.0 s, its end below the halfway point (1 + 1.5) / 2 x 2.0 = 2.5 s
        assertNull(SlowdownNotice.change(false, 2.0, 2.9, 100, 1.0, 2), "1.45x is not yet a slowdown");
        String slow = SlowdownNotice.change(false, 2.0, 3.1, 100, 3.7, 2);
        assertTrue(slow.startsWith("iteration 100: 3.10 s per iteration against 2.00 s at the start (1.6x); "
                + "load average 3.7 on 2 cores: slower"), slow);
        assertNull(SlowdownNotice.change(true, 2.0, 2.6, 120, 3.0, 2), "still above the halfway point 2.5 s");
        String back = SlowdownNotice.change(true, 2.0, 2.4, 140, -1, 2);
        assertEquals("iteration 140: 2.40 s per iteration against 2.00 s at the start (1.2x): back to the starting speed",
                back);
        assertNull(SlowdownNotice.change(false, 2.0, 2.4, 160, 1.0, 2), "no end without a slowdown");
    }

    @Test
    void medianOfOddAndEvenCounts() {
        assertEquals(2.0, SlowdownNotice.median(List.of(3.0, 1.0, 2.0)));
        assertEquals(2.5, SlowdownNotice.median(List.of(4.0, 1.0, 2.0, 3.0)));
    }
}

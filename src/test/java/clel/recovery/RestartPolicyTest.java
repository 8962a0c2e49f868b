package clel.recovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RestartPolicyTest {
    private static final String SEGV = "SIGSEGV in [libtorch_cpu.so+0xeee1135] dnnl_primitive_execute+0x3a5 (exit 134)";

    private static Crash crash(long checkpoint, long reached) {
        return new Crash(SEGV, OptionalLong.of(checkpoint), reached);
    }

    @Test
    void aCrashIsRestartedFromTheCheckpointWithALineSayingSo() {
        RestartDecision d = RestartPolicy.decide(List.of(crash(200, 347)), 3);
        assertTrue(d.restart());
        assertEquals("restart 1 of 3 after the training process died from " + SEGV + " at iteration ~347; "
                + "resuming from last.ckpt at iteration 200", d.message());
    }

    @Test
    void aCrashBeforeTheFirstCheckpointStartsOver() {
        RestartDecision d = RestartPolicy.decide(List.of(new Crash("SIGKILL (exit 137)", OptionalLong.empty(), 30)), 3);
        assertTrue(d.restart());
        assertTrue(d.message().endsWith("; starting over: no checkpoint of this run was written before the crash"), d.message());
    }

    @Test
    void crashesThatMakeProgressAreRestartedUpToTheLimit() {
        List<Crash> crashes = List.of(crash(200, 347), crash(400, 410), crash(400, 590));
        assertTrue(RestartPolicy.decide(crashes.subList(0, 2), 3).restart());
        RestartDecision third = RestartPolicy.decide(crashes, 3);
        assertTrue(third.restart(), "a later crash from the same checkpoint got further: transient");
        assertTrue(third.message().startsWith("restart 3 of 3 "), third.message());

        RestartDecision fourth = RestartPolicy.decide(List.of(crash(200, 347), crash(400, 410), crash(400, 590),
                crash(600, 601)), 3);
        assertFalse(fourth.restart());
        assertEquals("the training process died from " + SEGV + " at iteration ~601; not restarted: all 3 restarts allowed "
                + "are used up", fourth.message());
        assertFalse(RestartPolicy.decide(List.of(crash(200, 347), crash(400, 410)), 1).restart());
        assertTrue(RestartPolicy.decide(List.of(crash(200, 347), crash(400, 410)), 1).message().endsWith(
                "all 1 restart allowed are used up"));
    }

    @Test
    void aCrashThatRepeatsAtTheSamePlaceStops() {
        RestartDecision same = RestartPolicy.decide(List.of(crash(200, 347), crash(200, 347)), 3);
        assertFalse(same.restart());
        assertEquals("the training process died from " + SEGV + " at iteration ~347, again without getting past iteration "
                + "~347 after resuming from iteration 200; the crash repeats at the same place, so the training is not "
                + "restarted again (previous crash: " + SEGV + ")", same.message());
        // dying even earlier after resuming from the same checkpoint (e.g. at once) is no progress either
        assertFalse(RestartPolicy.decide(List.of(crash(200, 347), crash(200, 200)), 3).restart());
        // starting over twice and dying at the same iteration
        Crash fresh = new Crash("SIGABRT (exit 134)", OptionalLong.empty(), 30);
        assertFalse(RestartPolicy.decide(List.of(fresh, fresh), 3).restart());
        // the same iteration from a newer checkpoint is progress of a sort: the checkpoint moved
        assertTrue(RestartPolicy.decide(List.of(crash(200, 347), crash(300, 347)), 3).restart());
    }

    @Test
    void anOutOfMemoryErrorIsNotRestartedEvenTheFirstTime() {
        Crash oom = new Crash("out of memory (Java heap space) (exit 134; crash report RUN/hs_err_pid7.log) while "
                + "loading data set 'folder'", OptionalLong.empty(), 0, true);
        RestartDecision d = RestartPolicy.decide(List.of(oom), 3);
        assertFalse(d.restart());
        assertEquals("the training process died from " + oom.cause() + " at iteration ~0; not restarted: a restart "
                + "would read the same files into the same heap and run out of memory again (a file that declares more "
                + "than it holds, or a heap too small for the run: CLEL_HEAP)", d.message());
    }

    @Test
    void errorExitsAreNotRestartedAndSaySo() {
        assertEquals("the training process stopped with a one-line error (exit status 2: a file, an argument or a "
                + "setting is wrong, as its message says); not restarted: a restart would meet the same failure",
                RestartPolicy.whyNotRestarted(ProcessExit.of(2)).orElseThrow());
        assertTrue(RestartPolicy.whyNotRestarted(ProcessExit.of(3)).orElseThrow().contains("divergence"));
        assertTrue(RestartPolicy.whyNotRestarted(ProcessExit.of(1)).orElseThrow().contains("exit status 1"));
        assertTrue(RestartPolicy.whyNotRestarted(ProcessExit.of(0)).isEmpty());
        assertTrue(RestartPolicy.whyNotRestarted(ProcessExit.of(143)).isEmpty(), "stopped by the user (SIGTERM)");
    }

    @Test
    void invalidInputIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RestartPolicy.decide(List.of(), 3));
        assertThrows(IllegalArgumentException.class, () -> RestartPolicy.decide(List.of(crash(1, 2)), -1));
        assertThrows(IllegalArgumentException.class, () -> crash(10, 5));
    }
}

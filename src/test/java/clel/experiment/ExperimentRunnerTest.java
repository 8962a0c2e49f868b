package clel.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import clel.run.Checkpoint;
import clel.run.CheckpointEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Resuming an experiment and recording failures, with a stand-in launcher that writes checkpoints' metadata only. */
class ExperimentRunnerTest {
    /** A checkpoint that says it is at {@code iteration} (enough for the runner, which reads only its metadata). */
    private static void checkpointAt(Path folder, long iteration) throws IOException {
        Files.createDirectories(folder);
        Checkpoint c = new Checkpoint(new LinkedHashMap<>());
        c.put(CheckpointEntry.META, ("format_version=1\niteration=" + iteration + "\n").getBytes(StandardCharsets.UTF_8));
        c.write(folder.resolve("last.ckpt"));
    }

    @Test
    void aKilledExperimentContinuesWithItsUnfinishedRunsAndFailuresAreRecorded(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("exp.yaml");
        Files.writeString(file, "base: tiny\noverrides: [iterations=10]\ngrid:\n  seed: [0, 1, 2, 3]\noutput: "
                + dir.resolve("out") + "\n");
        ExperimentPlan plan = ExperimentPlan.load(file);
        List<ExperimentRun> runs = plan.runs();
        // the first start was killed: run 1 finished, run 2 stopped at iteration 4, runs 3 and 4 never started
        checkpointAt(runs.get(0).folder(), 10);
        checkpointAt(runs.get(1).folder(), 4);
        List<String> calls = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<ExperimentRunner.Outcome> outcomes = ExperimentRunner.run(plan, (p, r, resume) -> {
            calls.add(r.name() + (resume ? " resumed" : " new"));
            if (r.index() == 3) {
                throw new IllegalStateException("EBM diverged at iteration 7");
            }
            checkpointAt(r.folder(), 10);
        }, lines::add);
        assertEquals(List.of("seed=1 resumed", "seed=2 new", "seed=3 new"), calls);
        assertEquals(List.of(ExperimentRunner.Status.ALREADY_FINISHED, ExperimentRunner.Status.FINISHED,
                ExperimentRunner.Status.FAILED, ExperimentRunner.Status.FINISHED),
                outcomes.stream().map(ExperimentRunner.Outcome::status).toList());
        assertEquals("EBM diverged at iteration 7", outcomes.get(2).message());
        Path failed = runs.get(2).folder().resolve(ExperimentRunner.FAILED);
        assertEquals("EBM diverged at iteration 7\n", Files.readString(failed));
        assertTrue(lines.get(0).startsWith("run 1/4 seed=0: already finished"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("run 3/4 seed=2: FAILED: EBM diverged at iteration 7")), lines.toString());

        // started again: only the failed run is trained; when it succeeds its failure record goes
        calls.clear();
        ExperimentRunner.run(plan, (p, r, resume) -> {
            calls.add(r.name() + (resume ? " resumed" : " new"));
            checkpointAt(r.folder(), 10);
        }, l -> { });
        assertEquals(List.of("seed=2 new"), calls);
        assertFalse(Files.exists(failed));
    }

    @Test
    void twoAtATimeEachRunGetsItsLinesInPlanOrderAndAFailureStopsNoOther(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("par.yaml");
        Files.writeString(file, "base: tiny\noverrides: [iterations=10]\ngrid:\n  seed: [0, 1, 2, 3, 4]\noutput: "
                + dir.resolve("out") + "\n");
        ExperimentPlan plan = ExperimentPlan.load(file);
        checkpointAt(plan.runs().get(4).folder(), 10); // run 5 is finished already
        CountDownLatch together = new CountDownLatch(2);
        CountDownLatch secondFails = new CountDownLatch(1);
        AtomicInteger active = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        List<ExperimentRunner.Outcome> outcomes = ExperimentRunner.run(plan, (p, r, resume) -> {
            most.accumulateAndGet(active.incrementAndGet(), Math::max);
            try {
                if (r.index() <= 2) {
                    // the first two runs must be in training at the same time
                    together.countDown();
                    if (!together.await(30, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("run " + r.index() + " trained alone");
                    }
                }
                if (r.index() == 2) {
                    secondFails.countDown();
                    throw new IllegalStateException("EBM diverged");
                }
                // run 1 is still training when run 2 fails
                if (r.index() == 1 && !secondFails.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("run 2 never failed");
                }
                checkpointAt(r.folder(), 10);
            } finally {
                active.decrementAndGet();
            }
        }, lines::add, 2);
        assertEquals(2, most.get(), "never more than two at a time");
        assertEquals(List.of(ExperimentRunner.Status.FINISHED, ExperimentRunner.Status.FAILED,
                ExperimentRunner.Status.FINISHED, ExperimentRunner.Status.FINISHED, ExperimentRunner.Status.ALREADY_FINISHED),
                outcomes.stream().map(ExperimentRunner.Outcome::status).toList());
        assertEquals(List.of(1, 2, 3, 4, 5), outcomes.stream().map(o -> o.run().index()).toList());
        assertEquals("EBM diverged\n", Files.readString(plan.runs().get(1).folder().resolve(ExperimentRunner.FAILED)));
        // every run's start and end, each a whole line
        for (int k = 1; k <= 4; k++) {
            int i = k;
            String head = "run " + i + "/5 seed=" + (i - 1) + ": ";
            assertEquals(1, lines.stream().filter(l -> l.startsWith(head + "training in ")).count(), lines.toString());
            assertEquals(1, lines.stream().filter(l -> l.startsWith(head + (i == 2 ? "FAILED: EBM diverged" : "finished in ")))
                    .count(), lines.toString());
        }
        assertEquals(9, lines.size(), lines.toString());
        // the runs that finish while others wait or train estimate the time left; the last one does not
        assertTrue(lines.stream().filter(l -> l.contains(" left for the remaining runs")).count() >= 1, lines.toString());
    }

    @Test
    void aFinishedRunsLineEstimatesTheTimeTheRemainingRunsNeed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("eta.yaml");
        Files.writeString(file, "base: tiny\noverrides: [iterations=10]\ngrid:\n  seed: [0, 1, 2]\noutput: " + dir.resolve("out") + "\n");
        ExperimentPlan plan = ExperimentPlan.load(file);
        checkpointAt(plan.runs().get(1).folder(), 5); // run 2 resumes: 5 of its 10 iterations left
        long[] now = {0};
        List<String> lines = new ArrayList<>();
        ExperimentRunner.run(plan, (p, r, resume) -> {
            now[0] += (r.index() == 2 ? 5 : 10) * 3_000_000_000L; // 3 s per iteration
            checkpointAt(r.folder(), 10);
        }, lines::add, 1, () -> now[0]);
        // after run 1: 30 s for 10 iterations, 5 + 10 left -> 45 s; after run 2: 45 s for 15, 10 left -> 30 s
        assertTrue(lines.contains("run 1/3 seed=0: finished in 0:00:30; about 0:00:45 left for the remaining runs (at "
                + "this experiment's speed so far)"), lines.toString());
        assertTrue(lines.contains("run 2/3 seed=1: finished in 0:00:15; about 0:00:30 left for the remaining runs (at "
                + "this experiment's speed so far)"), lines.toString());
        assertTrue(lines.contains("run 3/3 seed=2: finished in 0:00:30"), lines.toString());
        assertEquals("1:01:05", ExperimentRunner.duration(3665_000_000_000L));
    }
}

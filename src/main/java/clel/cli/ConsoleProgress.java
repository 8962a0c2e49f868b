package clel.cli;

import clel.run.RunFolder;
import clel.training.StepMetrics;
import clel.training.Trainer;
import clel.training.TrainingObserver;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Shows training progress (a progress bar with it/s and ETA) and writes RUN/train.log, a plain text log with
 * a line per event and a metrics summary every 10 iterations.
 */
final class ConsoleProgress implements TrainingObserver, AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private final Path runDir;
    private final Writer log;
    private final PrintWriter err;
    private ProgressBar bar;
    private long startNanos;
    private long from;
    private long to;

    ConsoleProgress(Path runDir, PrintWriter err) throws IOException {
        this.runDir = runDir;
        this.err = err;
        Files.createDirectories(runDir);
        this.log = Files.newBufferedWriter(new RunFolder(runDir).log(), StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    Path runDir() {
        return runDir;
    }

    void log(String message) {
        String line = LocalDateTime.now().format(TIME) + "  " + message;
        try {
            log.write(line);
            log.write('\n');
            log.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // on its own line; a running progress bar redraws itself below it
        err.println(bar == null ? line : "\r" + line);
        err.flush();
    }

    @Override
    public void started(Trainer trainer) {
        this.from = trainer.iteration();
        this.to = trainer.config().iterations();
        this.startNanos = System.nanoTime();
        log("training iterations " + from + " -> " + to + " in " + runDir);
        bar = new ProgressBarBuilder().setTaskName("train").setInitialMax(to).setStyle(ProgressBarStyle.ASCII)
                .setUpdateIntervalMillis(1000).showSpeed().setUnit(" it", 1).build();
        bar.stepTo(from);
    }

    @Override
    public void iterationEnded(Trainer trainer, StepMetrics m) {
        long done = m.iteration();
        bar.stepTo(done);
        bar.setExtraMessage(String.format(Locale.ROOT, " E(x) %.3g E(x~) %.3g", m.energyData(), m.energySample()));
        if (done % 10 == 0 || done == to) {
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            double rate = (done - from) / elapsed;
            double eta = rate > 0 ? (to - done) / rate : 0;
            String line = String.format(Locale.ROOT,
                    "it %d/%d  loss %.4f  L_EBM %.4f  L_LE %.4f  E(x) %.4g  E(x~) %.4g  cos %.3f  lr %.2e/%.2e  %.2f it/s  ETA %s",
                    done, to, m.loss(), m.ebmLoss(), m.encoderLoss(), m.energyData(), m.energySample(), m.latentCosine(),
                    m.ebmLr(), m.encoderLr(), rate, duration(eta));
            try {
                log.write(LocalDateTime.now().format(TIME) + "  " + line + "\n");
                log.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public void message(String message) {
        log(message);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, (s % 3600) / 60) : String.format("%dm%02ds", s / 60, s % 60);
    }

    @Override
    public void close() throws IOException {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        log.close();
    }
}

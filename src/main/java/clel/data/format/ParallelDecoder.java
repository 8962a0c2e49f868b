package clel.data.format;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decodes a list of encoded images on a fixed thread pool into one C x H x W byte buffer in list order
 * (deterministic whatever the scheduling: image i is written at offset i * imageBytes, then the buffer is
 * compacted over skipped images). The first failing image in list order is reported, unless skipping.
 */
final class ParallelDecoder {
    /** Decoded pixels of the kept images (in order), their indices in the input list, and the skipped ones. */
    static final class Result {
        final byte[] pixels;
        final int[] kept;
        final List<SkippedImage> skipped;

        Result(byte[] pixels, int[] kept, List<SkippedImage> skipped) {
            this.pixels = pixels;
            this.kept = kept;
            this.skipped = skipped;
        }
    }

    /** The largest pixel buffer of one image set: a Java array's limit. */
    private static final long MAX_PIXEL_BYTES = Integer.MAX_VALUE - 8;

    private ParallelDecoder() {
    }

    /** One line: the exception's message and the messages of its causes not already in it (ImageIO wraps them). */
    static String reason(Throwable e) {
        StringBuilder b = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        int depth = 0;
        for (Throwable c = e.getCause(); c != null && depth < 8; c = c.getCause(), depth++) {
            String m = c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
            if (c.getMessage() == null || !b.toString().contains(c.getMessage())) {
                b.append(b.toString().endsWith(":") ? " " : ": ").append(m);
            }
        }
        return b.toString().replaceAll("\\s*[\\r\\n]+\\s*", " ").trim();
    }

    static Result decode(List<ImageEntry> entries, ImageShaper shaper, int threads, boolean skipBad)
            throws IOException {
        int n = entries.size();
        long each = shaper.imageBytesExact();
        if (n > 0 && each > MAX_PIXEL_BYTES / n) {
            throw new DataFormatException(n + " images of " + shaper.describe() + " (" + each + " bytes each) exceed "
                    + "the 2 GiB limit of one in-memory image set (the first is " + entries.get(0).name + "); use a "
                    + "smaller split or model.image_size");
        }
        int imageBytes = (int) each;
        byte[] pixels = new byte[n * imageBytes];
        String[] decodeErrors = new String[n];
        IOException[] readErrors = new IOException[n];
        int workers = Math.max(1, threads);
        int chunk = Math.max(1, Math.min(256, n / (workers * 8) + 1));
        AtomicInteger threadNo = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "clel-image-decoder-" + threadNo.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService pool = Executors.newFixedThreadPool(workers, factory);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int start = 0; start < n; start += chunk) {
                int from = start;
                int to = Math.min(n, start + chunk);
                futures.add(pool.submit(() -> {
                    for (int i = from; i < to; i++) {
                        byte[] data;
                        try {
                            data = entries.get(i).source.read();
                        } catch (IOException e) {
                            readErrors[i] = e;
                            continue;
                        }
                        try {
                            BufferedImage img = shaper.decode(data);
                            shaper.shape(img, i, pixels, i * imageBytes);
                        } catch (IOException | RuntimeException e) {
                            decodeErrors[i] = reason(e);
                        } catch (OutOfMemoryError e) {
                            // the decoded image did not fit; its buffers are garbage now, the other images go on
                            decodeErrors[i] = "out of memory while decoding it (" + e.getMessage()
                                    + "); lower data.max_image_pixels or give the JVM more heap";
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    throw new DataFormatException("image decoding failed: " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("interrupted while decoding images");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        List<SkippedImage> skipped = new ArrayList<>();
        int[] kept = new int[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (readErrors[i] != null) {
                throw new DataFormatException("cannot read image file " + entries.get(i).name + ": "
                        + readErrors[i].getMessage(), readErrors[i]);
            }
            if (decodeErrors[i] != null) {
                if (!skipBad) {
                    throw new DataFormatException("cannot decode image " + entries.get(i).name + ": "
                            + decodeErrors[i]);
                }
                skipped.add(new SkippedImage(entries.get(i).name, decodeErrors[i]));
                continue;
            }
            if (k != i) {
                System.arraycopy(pixels, i * imageBytes, pixels, k * imageBytes, imageBytes);
            }
            kept[k++] = i;
        }
        byte[] out = k == n ? pixels : Arrays.copyOf(pixels, k * imageBytes);
        return new Result(out, Arrays.copyOf(kept, k), List.copyOf(skipped));
    }
}

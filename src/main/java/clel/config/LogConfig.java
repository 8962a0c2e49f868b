package clel.config;

/**
 * What a run writes and how often, and how often it hands freed native memory back. YAML section {@code log}.
 *
 * @param every           iterations between metrics lines in metrics.jsonl (10)
 * @param sampleEvery     iterations between PNG grids of data and replay-buffer chains (500)
 * @param checkpointEvery iterations between writes of last.ckpt (2,000)
 * @param keepEvery       iterations between checkpoints kept for good as ckpt-NNNNNN.ckpt (10,000; 0 = never)
 * @param gridSize        images per grid (64; at most {@link #MAX_GRID_SIZE})
 * @param trimEvery       iterations between returns of freed native memory to the operating system (glibc's
 *                        malloc_trim; 100; 0 = never). The launcher's malloc settings keep freed memory for reuse, which
 *                        makes the steps fast but lets the resident set creep up with fragmentation over a long run.
 */
public record LogConfig(int every, int sampleEvery, int checkpointEvery, int keepEvery, int gridSize, int trimEvery) {
    /** Most images in a sample grid. */
    public static final int MAX_GRID_SIZE = 1024;

    /**
     * Validates the settings; a {@link ConfigException} names the first invalid one.
     *
     * @param every           iterations between metrics lines in metrics.jsonl (10)
     * @param sampleEvery     iterations between PNG grids of data and replay-buffer chains (500)
     * @param checkpointEvery iterations between writes of last.ckpt (2,000)
     * @param keepEvery       iterations between checkpoints kept for good as ckpt-NNNNNN.ckpt (10,000; 0 = never)
     * @param gridSize        images per grid (64; at most {@link #MAX_GRID_SIZE})
     * @param trimEvery       iterations between returns of freed native memory to the operating system (glibc's
     *                        malloc_trim; 100; 0 = never). The launcher's malloc settings keep freed memory for reuse, which
     *                        makes the steps fast but lets the resident set creep up with fragmentation over a long run.
     */
    public LogConfig {
        Checks.positive("log.every", every);
        Checks.positive("log.sample_every", sampleEvery);
        Checks.positive("log.checkpoint_every", checkpointEvery);
        Checks.nonNegative("log.keep_every", keepEvery);
        Checks.range("log.grid_size", gridSize, 1, MAX_GRID_SIZE);
        Checks.nonNegative("log.trim_every", trimEvery);
    }
}

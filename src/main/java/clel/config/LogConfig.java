package clel.config;

/**
 * What a run writes and how often. YAML section {@code log}.
 *
 * @param every           iterations between metrics lines in metrics.jsonl (10)
 * @param sampleEvery     iterations between PNG grids of data and replay-buffer chains (500)
 * @param checkpointEvery iterations between writes of last.ckpt (2,000)
 * @param keepEvery       iterations between checkpoints kept for good as ckpt-NNNNNN.ckpt (10,000; 0 = never)
 * @param gridSize        images per grid (64)
 */
public record LogConfig(int every, int sampleEvery, int checkpointEvery, int keepEvery, int gridSize) {
    public LogConfig {
        Checks.positive("log.every", every);
        Checks.positive("log.sample_every", sampleEvery);
        Checks.positive("log.checkpoint_every", checkpointEvery);
        Checks.nonNegative("log.keep_every", keepEvery);
        Checks.positive("log.grid_size", gridSize);
    }
}

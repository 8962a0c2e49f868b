package clel.io;

import java.nio.file.Path;

/**
 * Where clel keeps what it can rebuild but would rather not (default classifiers): $CLEL_CACHE_DIR, else
 * $XDG_CACHE_HOME/clel, else ~/.cache/clel.
 */
public final class CacheFolder {
    private CacheFolder() {
    }

    /** @return the cache folder (not created here) */
    public static Path path() {
        String own = System.getenv("CLEL_CACHE_DIR");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("clel");
    }
}

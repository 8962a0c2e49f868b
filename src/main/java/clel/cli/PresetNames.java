package clel.cli;

import clel.config.ConfigLoader;
import java.util.Iterator;

/**
 * The presets shipped with the tool ({@link ConfigLoader#presets}) as picocli's completion candidates, so that
 * {@code clel train --help} lists them (${COMPLETION-CANDIDATES}) and shells complete them.
 */
final class PresetNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return ConfigLoader.presets().iterator();
    }
}

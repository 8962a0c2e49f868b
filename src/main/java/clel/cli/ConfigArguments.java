package clel.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * The positional arguments of commands that take a configuration: an optional CONFIG (preset name or YAML
 * file) followed by {@code key.path=value} overrides.
 */
record ConfigArguments(String source, List<String> overrides) {

    static ConfigArguments parse(List<String> args) {
        String source = null;
        List<String> overrides = new ArrayList<>();
        for (String a : args) {
            if (a.contains("=")) {
                overrides.add(a);
            } else if (source == null) {
                source = a;
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a + "': give one CONFIG, then key=value overrides");
            }
        }
        return new ConfigArguments(source, overrides);
    }
}

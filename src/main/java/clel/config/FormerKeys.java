package clel.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Former key paths of settings that moved into an encoder objective's section ({@link
 * EncoderObjectiveDefinition#formerKeys}): still read, moved to their current keys, with a notice naming the new key.
 */
final class FormerKeys {
    private FormerKeys() {
    }

    /** Every registered objective's former keys: former key path to current key path. */
    static Map<String, String> all() {
        Map<String, String> m = new LinkedHashMap<>();
        for (EncoderObjectiveDefinition d : EncoderObjectiveKind.registered()) {
            m.putAll(d.formerKeys());
        }
        return m;
    }

    static String notice(String former, String current) {
        return former + " is read as " + current + " (its name before the setting moved to its encoder objective's "
                + "section)";
    }

    /**
     * Moves the values a layer gives under former keys ({@link EncoderObjectiveDefinition#formerKeys}) to their
     * current keys, with a notice for each when {@code notices} is given.
     *
     * @throws ConfigException when the layer gives a setting under both names
     */
    static void rename(Map<String, Object> layer, String source, List<String> notices) {
        for (Map.Entry<String, String> e : all().entrySet()) {
            String[] former = e.getKey().split("\\.");
            Map<String, Object> parent = section(layer, former, false);
            if (parent == null || !parent.containsKey(former[former.length - 1])) {
                continue;
            }
            Object value = parent.remove(former[former.length - 1]);
            String[] current = e.getValue().split("\\.");
            Map<String, Object> target = section(layer, current, true);
            if (target.containsKey(current[current.length - 1])) {
                throw new ConfigException(source + ": " + e.getKey() + " and " + e.getValue() + " are one setting ("
                        + e.getKey() + " is its former name): give only " + e.getValue());
            }
            target.put(current[current.length - 1], value);
            if (notices != null) {
                notices.add(source + ": " + notice(e.getKey(), e.getValue()));
            }
        }
    }

    /** The section holding the last key of {@code path}; null when missing and not {@code create}d. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> section(Map<String, Object> tree, String[] path, boolean create) {
        Map<String, Object> node = tree;
        for (int i = 0; i < path.length - 1; i++) {
            Object next = node.get(path[i]);
            if (next == null && create) {
                next = new LinkedHashMap<String, Object>();
                node.put(path[i], next);
            }
            if (!(next instanceof Map)) {
                if (create) {
                    throw new ConfigException(String.join(".", List.of(path).subList(0, i + 1))
                            + " must be a section of keys, got '" + next + "'");
                }
                return null;
            }
            node = (Map<String, Object>) next;
        }
        return node;
    }
}

package clel.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Binds a YAML tree (nested maps) to the configuration records and back. Keys are the snake_case names of the
 * record components; unknown and missing keys, wrong types and invalid values are {@link ConfigException}s
 * naming the full key path.
 */
final class RecordBinder {
    private RecordBinder() {
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }

    static <R extends Record> R bind(Class<R> type, Object node, String path) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new ConfigException(where(path) + " must be a section of keys, got " + describe(node));
        }
        RecordComponent[] comps = type.getRecordComponents();
        List<String> keys = new ArrayList<>();
        for (RecordComponent c : comps) {
            keys.add(snake(c.getName()));
        }
        for (Object k : map.keySet()) {
            if (!keys.contains(String.valueOf(k))) {
                throw new ConfigException("unknown key '" + join(path, String.valueOf(k)) + "'; valid keys"
                        + (path.isEmpty() ? "" : " in " + path) + ": " + String.join(", ", keys));
            }
        }
        Object[] args = new Object[comps.length];
        Class<?>[] types = new Class<?>[comps.length];
        for (int i = 0; i < comps.length; i++) {
            String key = join(path, keys.get(i));
            types[i] = comps[i].getType();
            if (!map.containsKey(keys.get(i))) {
                throw new ConfigException("missing key '" + key + "'");
            }
            args[i] = convert(comps[i].getGenericType(), map.get(keys.get(i)), key);
        }
        try {
            Constructor<R> ctor = type.getDeclaredConstructor(types);
            return ctor.newInstance(args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r instanceof ConfigException ? r : new ConfigException(where(path) + ": " + r.getMessage());
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot construct " + type.getSimpleName(), e);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object convert(Type type, Object v, String key) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (!(v instanceof List<?> list)) {
                throw new ConfigException(key + " must be a list, got " + describe(v));
            }
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(convert(p.getActualTypeArguments()[0], list.get(i), key + "[" + i + "]"));
            }
            return out;
        }
        Class<?> c = (Class<?>) type;
        if (c == Double.class) {
            if (v == null || (v instanceof String s && List.of("null", "none", "off", "").contains(s.trim().toLowerCase()))) {
                return null;
            }
            return number(v, key);
        }
        if (v == null) {
            throw new ConfigException(key + " must not be empty");
        }
        if (c == double.class) {
            return number(v, key);
        }
        if (c == float.class) {
            return (float) number(v, key);
        }
        if (c == int.class || c == long.class) {
            double d = number(v, key);
            if (d != Math.rint(d) || Math.abs(d) > (c == int.class ? Integer.MAX_VALUE : Long.MAX_VALUE)) {
                throw new ConfigException(key + " must be a whole number, got " + v);
            }
            return c == int.class ? (Object) (int) d : (Object) (long) d;
        }
        if (c == boolean.class) {
            if (v instanceof Boolean b) {
                return b;
            }
            String s = String.valueOf(v).trim().toLowerCase();
            if (s.equals("true") || s.equals("false")) {
                return Boolean.parseBoolean(s);
            }
            throw new ConfigException(key + " must be true or false, got " + v);
        }
        if (c == String.class) {
            if (v instanceof Map || v instanceof List) {
                throw new ConfigException(key + " must be a single value, got " + describe(v));
            }
            return String.valueOf(v);
        }
        if (c.isEnum()) {
            return EnumKeys.parse((Class) c, String.valueOf(v), key);
        }
        if (c == EncoderObjectiveKind.class) {
            return EncoderObjectiveKind.parse(String.valueOf(v), key);
        }
        if (c == EncoderObjectiveSettings.class) {
            return bindObjectiveSettings(v, key);
        }
        if (c.isRecord()) {
            return bind((Class) c, v, key);
        }
        throw new IllegalStateException("unsupported config type " + c + " at " + key);
    }

    /**
     * Section encoder_objectives: one sub-section per registered objective with settings, each bound to that objective's
     * settings record; an unknown sub-section is an error naming the objectives that have settings.
     */
    static EncoderObjectiveSettings bindObjectiveSettings(Object node, String path) {
        if (!(node instanceof Map<?, ?> map)) {
            throw new ConfigException(where(path) + " must be a section of keys, got " + describe(node));
        }
        Map<String, Record> defaults = EncoderObjectiveSettings.defaultsByObjective();
        for (Object k : map.keySet()) {
            if (!defaults.containsKey(String.valueOf(k))) {
                throw new ConfigException("unknown key '" + join(path, String.valueOf(k)) + "'; valid keys in " + path
                        + " (the encoder objectives with settings): " + String.join(", ", defaults.keySet()));
            }
        }
        Map<String, Record> bound = new LinkedHashMap<>();
        for (Map.Entry<String, Record> e : defaults.entrySet()) {
            String key = join(path, e.getKey());
            if (!map.containsKey(e.getKey())) {
                throw new ConfigException("missing key '" + key + "'");
            }
            bound.put(e.getKey(), bind(e.getValue().getClass(), map.get(e.getKey()), key));
        }
        return new EncoderObjectiveSettings(bound);
    }

    private static double number(Object v, String key) {
        double d;
        if (v instanceof Number n) {
            d = n.doubleValue();
        } else {
            try {
                d = Double.parseDouble(String.valueOf(v).trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(key + " must be a number, got '" + v + "'");
            }
        }
        if (!Double.isFinite(d)) {
            throw new ConfigException(key + " must be a finite number, got " + v);
        }
        return d;
    }

    /** The record as a YAML-ready tree: snake_case keys, enums as their keys, nested records as maps. */
    static Map<String, Object> toTree(Record r) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RecordComponent c : r.getClass().getRecordComponents()) {
            try {
                out.put(snake(c.getName()), toValue(c.getAccessor().invoke(r)));
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }

    private static Object toValue(Object v) {
        if (v instanceof EncoderObjectiveKind k) {
            return k.key();
        }
        if (v instanceof EncoderObjectiveSettings settings) {
            Map<String, Object> out = new LinkedHashMap<>();
            settings.byObjective().forEach((key, r) -> out.put(key, toTree(r)));
            return out;
        }
        if (v instanceof Record rec) {
            return toTree(rec);
        }
        if (v instanceof Enum<?> e) {
            return e.toString().toLowerCase();
        }
        if (v instanceof List<?> l) {
            return l.stream().map(RecordBinder::toValue).collect(Collectors.toList());
        }
        return v;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String where(String path) {
        return path.isEmpty() ? "the configuration" : "'" + path + "'";
    }

    private static String describe(Object v) {
        if (v instanceof Map) {
            return "a section";
        }
        if (v instanceof List) {
            return "a list";
        }
        return v == null ? "nothing" : "'" + v + "'";
    }
}

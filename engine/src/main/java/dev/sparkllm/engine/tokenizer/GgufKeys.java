package dev.sparkllm.engine.tokenizer;

import java.util.List;
import java.util.Map;

/** Typed access to GGUF metadata as {@code GgufFile} returns it (Long, Float, Boolean, String, List). */
final class GgufKeys {
    private final Map<String, Object> meta;
    private final String where;

    GgufKeys(Map<String, Object> meta, String where) {
        this.meta = meta;
        this.where = where;
    }

    String string(String key) {
        Object v = meta.get(key);
        if (!(v instanceof String s)) {
            throw missing(key, "a string", v);
        }
        return s;
    }

    String string(String key, String fallback) {
        return meta.containsKey(key) ? string(key) : fallback;
    }

    int integer(String key, int fallback) {
        Object v = meta.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw missing(key, "an integer", v);
        }
        return Math.toIntExact(n.longValue());
    }

    boolean bool(String key, boolean fallback) {
        Object v = meta.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Boolean b)) {
            throw missing(key, "a boolean", v);
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    List<Object> list(String key) {
        Object v = meta.get(key);
        if (!(v instanceof List<?> l)) {
            throw missing(key, "an array", v);
        }
        return (List<Object>) l;
    }

    /** An int array of the given length, or all {@code fallback} when the key is absent. */
    int[] intArray(String key, int length, int fallback) {
        int[] out = new int[length];
        if (!meta.containsKey(key)) {
            java.util.Arrays.fill(out, fallback);
            return out;
        }
        List<Object> l = checkedLength(key, length);
        for (int i = 0; i < length; i++) {
            out[i] = ((Number) l.get(i)).intValue();
        }
        return out;
    }

    float[] floatArray(String key, int length) {
        float[] out = new float[length];
        if (!meta.containsKey(key)) {
            return out;
        }
        List<Object> l = checkedLength(key, length);
        for (int i = 0; i < length; i++) {
            out[i] = ((Number) l.get(i)).floatValue();
        }
        return out;
    }

    private List<Object> checkedLength(String key, int length) {
        List<Object> l = list(key);
        if (l.size() != length) {
            throw new TokenizerException(key + " in " + where + " has " + l.size() + " entries, expected " + length);
        }
        return l;
    }

    private TokenizerException missing(String key, String what, Object v) {
        return new TokenizerException(key + " in " + where + " must be " + what + " but is "
                + (v == null ? "missing" : v.getClass().getSimpleName()));
    }
}

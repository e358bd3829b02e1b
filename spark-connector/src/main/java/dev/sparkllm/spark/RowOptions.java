package dev.sparkllm.spark;

import dev.sparkllm.engine.runtime.LlmEngine;
import dev.sparkllm.engine.sample.SamplingParams;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.catalyst.util.MapData;

/**
 * The options map of one {@code generate()} row: the sampling keys {@link SamplingParams} parses, plus {@code model}
 * and {@code on_error}. Options may differ per row (a map column), so each row's map is parsed; parsed results are
 * cached by map content, which makes a literal map (the common case) cost one parse per task.
 */
final class RowOptions {
    static final String MODEL = "model";
    static final String ON_ERROR = "on_error";
    private static final Set<String> OWN_KEYS = Set.of(MODEL, ON_ERROR);
    private static final int CACHE_LIMIT = 1024;

    /**
     * One row's parsed options; exactly one of {@code params} and {@code error} is non-null. {@code failOnError} is
     * known even when the sampling options are bad, so {@code on_error=fail} also stops on a bad option.
     */
    record Parsed(String model, SamplingParams params, boolean failOnError, String error) { }

    private final String defaultModel;
    private final Map<Map<String, String>, Parsed> cache = new HashMap<>();

    RowOptions(String defaultModel) {
        this.defaultModel = defaultModel;
    }

    /** The model a row runs on: its {@code model} option, else the session default (null when neither is set). */
    String model(Map<String, String> options) {
        String m = options.get(MODEL);
        return m != null ? m : defaultModel;
    }

    /** Parses {@code options} for {@code engine} (whose model supplies the sampling defaults). */
    Parsed parse(Map<String, String> options, LlmEngine engine) {
        Parsed p = cache.get(options);
        if (p != null) return p;
        p = parseUncached(options, engine);
        if (cache.size() >= CACHE_LIMIT) cache.clear();   // per-row maps that never repeat must not grow the heap
        cache.put(options, p);
        return p;
    }

    private Parsed parseUncached(Map<String, String> options, LlmEngine engine) {
        String model = model(options);
        String onError = options.get(ON_ERROR);
        String mode = onError == null ? "null" : onError.trim().toLowerCase(Locale.ROOT);
        boolean fail = mode.equals("fail");
        if (!fail && !mode.equals("null")) {
            return new Parsed(model, null, false, "option on_error must be null or fail, got \"" + onError + "\"");
        }
        try {
            SamplingParams defaults = SamplingParams.defaultsFrom(engine.model().defaults()).build();
            return new Parsed(model, SamplingParams.fromOptions(options, defaults, OWN_KEYS), fail, null);
        } catch (IllegalArgumentException e) {
            return new Parsed(model, null, fail, "bad generate() option: " + e.getMessage());
        }
    }

    /** A Catalyst map&lt;string,string&gt; as a Java map, sorted so equal contents are equal keys; null means empty. */
    static Map<String, String> toJava(MapData map) {
        Map<String, String> out = new TreeMap<>();
        if (map == null) return out;
        ArrayData keys = map.keyArray();
        ArrayData values = map.valueArray();
        for (int i = 0; i < map.numElements(); i++) {
            out.put(keys.getUTF8String(i).toString(), values.isNullAt(i) ? null : values.getUTF8String(i).toString());
        }
        return out;
    }
}

package dev.sparkllm.engine.sample;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * Parses sampling options written as strings, the way users write them in Spark SQL {@code map(...)} options or JSON
 * lines: the snake_case keys of vLLM's {@code SamplingParams}. Numbers and booleans are plain text; {@code stop} is a
 * JSON array of strings or else one literal string; {@code stop_token_ids} is a JSON array or a comma list.
 * Errors name the key and the value, so a user can find the bad cell.
 */
final class SamplingOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Key to setter; the keys are also the list shown when a key is unknown. */
    private static final Map<String, BiConsumer<SamplingParams.Builder, String>> SETTERS = setters();

    private SamplingOptions() { }

    private static Map<String, BiConsumer<SamplingParams.Builder, String>> setters() {
        Map<String, BiConsumer<SamplingParams.Builder, String>> m = new LinkedHashMap<>();
        m.put("n", (b, v) -> b.n(intValue("n", v)));
        m.put("max_tokens", (b, v) -> b.maxTokens(intValue("max_tokens", v)));
        m.put("min_tokens", (b, v) -> b.minTokens(intValue("min_tokens", v)));
        m.put("temperature", (b, v) -> b.temperature(doubleValue("temperature", v)));
        m.put("top_k", (b, v) -> b.topK(intValue("top_k", v)));
        m.put("top_p", (b, v) -> b.topP(doubleValue("top_p", v)));
        m.put("min_p", (b, v) -> b.minP(doubleValue("min_p", v)));
        m.put("repetition_penalty", (b, v) -> b.repetitionPenalty(doubleValue("repetition_penalty", v)));
        m.put("presence_penalty", (b, v) -> b.presencePenalty(doubleValue("presence_penalty", v)));
        m.put("frequency_penalty", (b, v) -> b.frequencyPenalty(doubleValue("frequency_penalty", v)));
        m.put("seed", (b, v) -> b.seed(seedValue(v)));
        m.put("stop", (b, v) -> b.stop(stopValue(v)));
        m.put("stop_token_ids", (b, v) -> b.stopTokenIds(tokenIdsValue(v)));
        m.put("include_stop_str_in_output", (b, v) -> b.includeStopStrInOutput(boolValue("include_stop_str_in_output", v)));
        m.put("ignore_eos", (b, v) -> b.ignoreEos(boolValue("ignore_eos", v)));
        m.put("logprobs", (b, v) -> b.logprobs(intValue("logprobs", v)));
        m.put("skip_special_tokens", (b, v) -> b.skipSpecialTokens(boolValue("skip_special_tokens", v)));
        return m;
    }

    /** The keys {@link #apply} understands, in documentation order. */
    static Set<String> keys() {
        return SETTERS.keySet();
    }

    /**
     * Applies {@code options} to {@code b}; null values count as absent. Keys are applied in sorted order so the result
     * and the first error reported do not depend on the map's iteration order.
     */
    static SamplingParams.Builder apply(Map<String, String> options, SamplingParams.Builder b, Set<String> ignoredKeys) {
        for (Map.Entry<String, String> e : new TreeMap<>(options).entrySet()) {
            if (ignoredKeys.contains(e.getKey())) continue;
            BiConsumer<SamplingParams.Builder, String> setter = SETTERS.get(e.getKey());
            if (setter == null) {
                throw new IllegalArgumentException("unknown sampling option \"" + e.getKey() + "\"; known options: "
                    + String.join(", ", SETTERS.keySet()));
            }
            if (e.getValue() != null) setter.accept(b, e.getValue());
        }
        return b;
    }

    private static IllegalArgumentException unparsable(String key, String value, String expected) {
        return new IllegalArgumentException(key + " must be " + expected + ", got \"" + value + "\"");
    }

    private static int intValue(String key, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw unparsable(key, v, "an integer");
        }
    }

    private static double doubleValue(String key, String v) {
        String s = v.strip();
        // parseDouble also takes "NaN", "Infinity" and hex floats; users only mean decimal numbers.
        if (!s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?")) throw unparsable(key, v, "a number");
        return Double.parseDouble(s);
    }

    private static boolean boolValue(String key, String v) {
        return switch (v.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw unparsable(key, v, "true or false");
        };
    }

    /** "null" or blank means a fresh random seed, as an absent seed does. */
    private static Long seedValue(String v) {
        String s = v.strip();
        if (s.isEmpty() || s.equals("null")) return null;
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw unparsable("seed", v, "an integer");
        }
    }

    /**
     * A value starting with '[' must be a JSON array of strings; anything else is one literal stop string, taken
     * verbatim (no trimming: "\n" alone is a common stop string). A literal that starts with '[' is written as a
     * one-element array, which keeps the rule unambiguous.
     */
    private static List<String> stopValue(String v) {
        if (!v.strip().startsWith("[")) return List.of(v);
        JsonNode arr = jsonArray("stop", v, "a JSON array of strings (write a literal stop string starting with '[' as [\"...\"])");
        List<String> out = new ArrayList<>(arr.size());
        for (JsonNode n : arr) {
            if (!n.isTextual()) throw unparsable("stop", v, "a JSON array of strings");
            out.add(n.asText());
        }
        return out;
    }

    private static Set<Integer> tokenIdsValue(String v) {
        String s = v.strip();
        Set<Integer> out = new LinkedHashSet<>();
        if (s.startsWith("[")) {
            for (JsonNode n : jsonArray("stop_token_ids", v, "a JSON array of integers")) {
                if (!n.canConvertToInt() || !n.isIntegralNumber()) throw unparsable("stop_token_ids", v, "a JSON array of integers");
                out.add(n.asInt());
            }
            return out;
        }
        if (s.isEmpty()) return out;
        for (String part : s.split(",")) out.add(intValue("stop_token_ids", part));
        return out;
    }

    private static JsonNode jsonArray(String key, String v, String expected) {
        try {
            JsonNode n = JSON.readTree(v);
            if (n != null && n.isArray()) return n;
        } catch (JsonProcessingException e) {
            // reported below with the key and the value, which is what the user needs
        }
        throw unparsable(key, v, expected);
    }
}

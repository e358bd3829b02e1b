package dev.sparkllm.engine.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link SamplingParams#fromOptions}: string options as users write them in Spark SQL maps and JSON lines. */
class SamplingOptionsTest {
    private static final SamplingParams DEFAULTS = SamplingParams.builder().build();

    private static SamplingParams parse(Map<String, String> options) {
        return SamplingParams.fromOptions(options, DEFAULTS);
    }

    private static String error(Map<String, String> options) {
        return assertThrows(IllegalArgumentException.class, () -> parse(options)).getMessage();
    }

    @Test
    void everyKeyIsParsed() {
        Map<String, String> o = new HashMap<>();
        o.put("n", "2");
        o.put("max_tokens", "100");
        o.put("min_tokens", " 5 ");
        o.put("temperature", "0.7");
        o.put("top_p", "0.9");
        o.put("top_k", "-1");
        o.put("min_p", "5e-2");
        o.put("repetition_penalty", "1.1");
        o.put("presence_penalty", "-0.5");
        o.put("frequency_penalty", ".25");
        o.put("seed", "-12345678901");
        o.put("stop", "[\"\\n\\n\", \"END\"]");
        o.put("stop_token_ids", "[2, 7]");
        o.put("include_stop_str_in_output", "TRUE");
        o.put("ignore_eos", "true");
        o.put("logprobs", "5");
        o.put("skip_special_tokens", "false");
        SamplingParams expected = SamplingParams.builder().n(2).maxTokens(100).minTokens(5).temperature(0.7).topP(0.9)
            .topK(0).minP(0.05).repetitionPenalty(1.1).presencePenalty(-0.5).frequencyPenalty(0.25).seed(-12345678901L)
            .stop(List.of("\n\n", "END")).stopTokenIds(Set.of(2, 7)).includeStopStrInOutput(true).ignoreEos(true)
            .logprobs(5).skipSpecialTokens(false).build();
        assertEquals(expected, parse(o));
        assertEquals(SamplingOptions.keys(), o.keySet());
    }

    @Test
    void absentKeysKeepTheDefaults() {
        SamplingParams d = SamplingParams.builder().temperature(0.3).stop(List.of("x")).seed(4L).build();
        Map<String, String> o = new HashMap<>();
        o.put("top_k", "3");
        o.put("temperature", null);   // a null map value is an unset option
        SamplingParams p = SamplingParams.fromOptions(o, d);
        assertEquals(d.toBuilder().topK(3).build(), p);
        assertEquals(d, SamplingParams.fromOptions(Map.of(), d));
    }

    @Test
    void stopIsAJsonArrayOrOnePlainString() {
        assertEquals(List.of("END", "\n"), parse(Map.of("stop", "[\"END\", \"\\n\"]")).stop());
        assertEquals(List.of(), parse(Map.of("stop", "[]")).stop());
        assertEquals(List.of("\n\n"), parse(Map.of("stop", "\n\n")).stop());   // verbatim, not trimmed
        assertEquals(List.of("Observation:"), parse(Map.of("stop", "Observation:")).stop());
        assertEquals(List.of("[END]"), parse(Map.of("stop", "[\"[END]\"]")).stop());
        assertEquals("stop must be a JSON array of strings (write a literal stop string starting with '[' as [\"...\"]), "
            + "got \"[END]\"", error(Map.of("stop", "[END]")));
        assertEquals("stop must be a JSON array of strings, got \"[1, 2]\"", error(Map.of("stop", "[1, 2]")));
        assertTrue(error(Map.of("stop", "")).startsWith("stop strings must be non-empty"));
    }

    @Test
    void stopTokenIdsAreAJsonArrayOrACommaList() {
        assertEquals(Set.of(1, 2, 3), parse(Map.of("stop_token_ids", "[1,2,3]")).stopTokenIds());
        assertEquals(Set.of(1, 2, 3), parse(Map.of("stop_token_ids", "1, 2,3")).stopTokenIds());
        assertEquals(Set.of(9), parse(Map.of("stop_token_ids", "9")).stopTokenIds());
        assertEquals(Set.of(), parse(Map.of("stop_token_ids", " ")).stopTokenIds());
        assertEquals("stop_token_ids must be a JSON array of integers, got \"[1.5]\"", error(Map.of("stop_token_ids", "[1.5]")));
        assertEquals("stop_token_ids must be an integer, got \" x\"", error(Map.of("stop_token_ids", "1, x")));
    }

    @Test
    void seedNullMeansRandom() {
        SamplingParams seeded = SamplingParams.builder().seed(3L).build();
        assertNull(SamplingParams.fromOptions(Map.of("seed", "null"), seeded).seed());
        assertEquals(9L, parse(Map.of("seed", "9")).seed());
    }

    @Test
    void unknownKeysAreRejectedWithTheKnownOnes() {
        String e = error(Map.of("temprature", "0.5"));
        assertTrue(e.startsWith("unknown sampling option \"temprature\"; known options: n, max_tokens, min_tokens, temperature,"), e);
        assertTrue(e.endsWith("skip_special_tokens"), e);
    }

    @Test
    void ignoredKeysAreLeftToTheCaller() {
        SamplingParams p = SamplingParams.fromOptions(Map.of("model", "/models/x", "on_error", "null", "top_k", "4"),
            DEFAULTS, Set.of("model", "on_error"));
        assertEquals(4, p.topK());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "max_tokens | 4.5 | max_tokens must be an integer, got \"4.5\"",
        "n | two | n must be an integer, got \"two\"",
        "logprobs | 99999999999 | logprobs must be an integer, got \"99999999999\"",
        "temperature | warm | temperature must be a number, got \"warm\"",
        "top_p | NaN | top_p must be a number, got \"NaN\"",
        "min_p | Infinity | min_p must be a number, got \"Infinity\"",
        "repetition_penalty | 1,1 | repetition_penalty must be a number, got \"1,1\"",
        "ignore_eos | yes | ignore_eos must be true or false, got \"yes\"",
        "seed | 1.0 | seed must be an integer, got \"1.0\"",
        "top_p | 1.5 | top_p must be in (0, 1], got 1.5",
        "min_tokens | 100 | min_tokens must be in [0, max_tokens = 64], got 100",
    })
    void badValuesNameTheKeyAndTheValue(String key, String value, String message) {
        assertEquals(message, error(Map.of(key, value)));
    }

    @Test
    void minAndMaxTokensAreValidatedTogether() {
        // Applied in one go, so min_tokens above the default max_tokens is fine when max_tokens is raised too.
        SamplingParams p = parse(Map.of("min_tokens", "100", "max_tokens", "200"));
        assertEquals(100, p.minTokens());
    }
}

package dev.sparkllm.engine.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.model.GenerationDefaults;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class SamplingParamsTest {

    @Test
    void engineDefaultsAreVllmsExceptMaxTokens() {
        SamplingParams p = SamplingParams.builder().build();
        assertEquals(1, p.n());
        assertEquals(64, p.maxTokens());
        assertEquals(0, p.minTokens());
        assertEquals(1.0, p.temperature());
        assertEquals(0, p.topK());
        assertEquals(1.0, p.topP());
        assertEquals(0.0, p.minP());
        assertEquals(1.0, p.repetitionPenalty());
        assertEquals(0.0, p.presencePenalty());
        assertEquals(0.0, p.frequencyPenalty());
        assertNull(p.seed());
        assertEquals(List.of(), p.stop());
        assertEquals(Set.of(), p.stopTokenIds());
        assertFalse(p.includeStopStrInOutput());
        assertFalse(p.ignoreEos());
        assertEquals(0, p.logprobs());
        assertTrue(p.skipSpecialTokens());
        assertFalse(p.isGreedy());
        assertTrue(SamplingParams.greedy(5).isGreedy());
        assertEquals(5, SamplingParams.greedy(5).maxTokens());
    }

    @Test
    void toBuilderRoundTripsEveryField() {
        SamplingParams p = SamplingParams.builder().n(2).maxTokens(10).minTokens(3).temperature(0.7).topK(40).topP(0.9)
            .minP(0.05).repetitionPenalty(1.1).presencePenalty(0.5).frequencyPenalty(-0.5).seed(7L)
            .stop(List.of("\n\n", "END")).stopTokenIds(Set.of(5, 6)).includeStopStrInOutput(true).ignoreEos(true)
            .logprobs(3).skipSpecialTokens(false).build();
        assertEquals(p, p.toBuilder().build());
        assertEquals(20, p.withMaxTokens(20).maxTokens());
        assertEquals(p.stop(), p.withMaxTokens(20).stop());
    }

    @Test
    void collectionsAreCopiedAndImmutable() {
        List<String> stops = new ArrayList<>(List.of("a"));
        SamplingParams p = SamplingParams.builder().stop(stops).build();
        stops.add("b");
        assertEquals(List.of("a"), p.stop());
        assertThrows(UnsupportedOperationException.class, () -> p.stop().add("c"));
    }

    @Test
    void topKMinusOneMeansOff() {
        assertEquals(SamplingParams.builder().topK(0).build(), SamplingParams.builder().topK(-1).build());
    }

    @Test
    void modelDefaultsSitBetweenEngineDefaultsAndUserValues() {
        GenerationDefaults model = new GenerationDefaults(List.of(2), 0.6, 0.95, 20);
        SamplingParams fromModel = SamplingParams.defaultsFrom(model).build();
        assertEquals(0.6, fromModel.temperature());
        assertEquals(0.95, fromModel.topP());
        assertEquals(20, fromModel.topK());
        SamplingParams user = SamplingParams.defaultsFrom(model).temperature(0.2).build();
        assertEquals(0.2, user.temperature());
        assertEquals(0.95, user.topP());
        SamplingParams none = SamplingParams.defaultsFrom(GenerationDefaults.NONE).build();
        assertEquals(SamplingParams.builder().build(), none);
        // The same layering through string options.
        SamplingParams viaOptions = SamplingParams.fromOptions(java.util.Map.of("top_k", "5"), fromModel);
        assertEquals(5, viaOptions.topK());
        assertEquals(0.6, viaOptions.temperature());
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
            bad("n", b -> b.n(0), "n must be >= 1, got 0"),
            bad("max_tokens", b -> b.maxTokens(-1), "max_tokens must be >= 0, got -1"),
            bad("min_tokens above max", b -> b.maxTokens(4).minTokens(5), "min_tokens must be in [0, max_tokens = 4], got 5"),
            bad("min_tokens negative", b -> b.minTokens(-1), "min_tokens must be in [0, max_tokens = 64], got -1"),
            bad("temperature", b -> b.temperature(-0.5), "temperature must be a finite number >= 0, got -0.5"),
            bad("temperature NaN", b -> b.temperature(Double.NaN), "temperature must be a finite number >= 0, got NaN"),
            bad("top_k", b -> b.topK(-3), "top_k must be >= 1, or 0 or -1 to disable it, got -3"),
            bad("top_p high", b -> b.topP(1.5), "top_p must be in (0, 1], got 1.5"),
            bad("top_p zero", b -> b.topP(0), "top_p must be in (0, 1], got 0.0"),
            bad("min_p", b -> b.minP(1.2), "min_p must be in [0, 1], got 1.2"),
            bad("repetition_penalty", b -> b.repetitionPenalty(0), "repetition_penalty must be a finite number > 0 (1 disables it), got 0.0"),
            bad("presence_penalty", b -> b.presencePenalty(2.5), "presence_penalty must be in [-2, 2], got 2.5"),
            bad("frequency_penalty", b -> b.frequencyPenalty(-3), "frequency_penalty must be in [-2, 2], got -3.0"),
            bad("logprobs", b -> b.logprobs(21), "logprobs must be in [0, 20], got 21"),
            bad("stop", b -> b.stop(List.of("x", "")), "stop strings must be non-empty, got \"\" in [x, ]"),
            bad("stop_token_ids", b -> b.stopTokenIds(Set.of(-4)), "stop_token_ids must hold token ids >= 0, got [-4]"));
    }

    private static Arguments bad(String name, UnaryOperator<SamplingParams.Builder> edit, String message) {
        return Arguments.of(name, edit, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidValuesAreRejectedWithTheOptionName(String name, UnaryOperator<SamplingParams.Builder> edit, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> edit.apply(SamplingParams.builder()).build());
        assertEquals(message, e.getMessage());
    }

    @Test
    void boundaryValuesAreAccepted() {
        SamplingParams p = SamplingParams.builder().maxTokens(0).minTokens(0).temperature(0).topP(1).minP(1)
            .presencePenalty(-2).frequencyPenalty(2).logprobs(20).build();
        assertEquals(0, p.maxTokens());
        assertEquals(3, SamplingParams.builder().maxTokens(3).minTokens(3).build().minTokens());
    }
}

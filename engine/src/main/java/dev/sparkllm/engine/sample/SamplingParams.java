package dev.sparkllm.engine.sample;

import dev.sparkllm.engine.model.GenerationDefaults;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How one request samples and when it stops, with vLLM's meanings. Validated at construction: a bad value is an
 * {@link IllegalArgumentException} naming the option as users write it ({@code top_p}, not {@code topP}), which callers
 * turn into a per-request error.
 *
 * <p>Defaults layer as "user value &gt; model default &gt; engine default": {@link #defaultsFrom(GenerationDefaults)}
 * starts a builder from the engine defaults with the model's {@code generation_config.json} values applied, and the
 * caller's own settings (builder calls, {@link #fromOptions}) are applied on top of it.
 *
 * @param n                      sequences to return per prompt, at least 1
 * @param maxTokens              tokens to generate at most
 * @param minTokens              tokens to generate before EOS, stop token ids or stop strings may end the sequence
 * @param temperature            0 means greedy (argmax, ties to the lowest id)
 * @param topK                   0 disables top-k ({@code -1} is accepted as vLLM spells "off" and stored as 0)
 * @param topP                   1 disables nucleus sampling
 * @param minP                   0 disables; else tokens with probability below {@code minP} times the top one are dropped
 * @param repetitionPenalty      1 disables; over prompt and output tokens, positive logits divided, negative multiplied
 * @param presencePenalty        subtracted once from every token already in the output
 * @param frequencyPenalty       subtracted once per occurrence of a token in the output
 * @param seed                   null draws a fresh seed; a fixed seed makes the request reproducible
 * @param stop                   strings that end the sequence; the text returned ends before them
 * @param stopTokenIds           token ids that end the sequence, besides the model's EOS ids
 * @param includeStopStrInOutput keep the matched stop string (or stop token's text) in the returned text
 * @param ignoreEos              keep generating after the model's EOS ids
 * @param logprobs               0 for none, else the number of most likely tokens reported per step
 * @param skipSpecialTokens      leave special tokens out of the returned text
 */
public record SamplingParams(int n, int maxTokens, int minTokens, double temperature, int topK, double topP,
                             double minP, double repetitionPenalty, double presencePenalty, double frequencyPenalty,
                             Long seed, List<String> stop, Set<Integer> stopTokenIds, boolean includeStopStrInOutput,
                             boolean ignoreEos, int logprobs, boolean skipSpecialTokens) {

    public static final int MAX_LOGPROBS = 20;
    public static final int DEFAULT_MAX_TOKENS = 64;
    /** OpenAI's range for presence and frequency penalties. */
    public static final double MAX_ABS_PENALTY = 2.0;

    public SamplingParams {
        if (n < 1) throw bad("n", "must be >= 1", n);
        if (maxTokens < 0) throw bad("max_tokens", "must be >= 0", maxTokens);
        if (minTokens < 0 || minTokens > maxTokens) throw bad("min_tokens", "must be in [0, max_tokens = " + maxTokens + "]", minTokens);
        if (!(temperature >= 0) || Double.isInfinite(temperature)) throw bad("temperature", "must be a finite number >= 0", temperature);
        if (topK < -1) throw bad("top_k", "must be >= 1, or 0 or -1 to disable it", topK);
        if (!(topP > 0 && topP <= 1)) throw bad("top_p", "must be in (0, 1]", topP);
        if (!(minP >= 0 && minP <= 1)) throw bad("min_p", "must be in [0, 1]", minP);
        if (!(repetitionPenalty > 0) || Double.isInfinite(repetitionPenalty)) {
            throw bad("repetition_penalty", "must be a finite number > 0 (1 disables it)", repetitionPenalty);
        }
        checkPenalty("presence_penalty", presencePenalty);
        checkPenalty("frequency_penalty", frequencyPenalty);
        if (logprobs < 0 || logprobs > MAX_LOGPROBS) throw bad("logprobs", "must be in [0, " + MAX_LOGPROBS + "]", logprobs);
        stop = stop == null ? List.of() : List.copyOf(stop);
        for (String s : stop) {
            if (s.isEmpty()) throw new IllegalArgumentException("stop strings must be non-empty, got \"\" in " + stop);
        }
        stopTokenIds = stopTokenIds == null ? Set.of() : Set.copyOf(stopTokenIds);
        for (int id : stopTokenIds) {
            if (id < 0) throw bad("stop_token_ids", "must hold token ids >= 0", stopTokenIds);
        }
        // One spelling of "top-k off", so equal settings compare equal.
        if (topK == -1) topK = 0;
    }

    private static void checkPenalty(String name, double v) {
        if (!(v >= -MAX_ABS_PENALTY && v <= MAX_ABS_PENALTY)) throw bad(name, "must be in [-2, 2]", v);
    }

    private static IllegalArgumentException bad(String name, String rule, Object got) {
        return new IllegalArgumentException(name + " " + rule + ", got " + got);
    }

    public static Builder builder() { return new Builder(); }

    /** A builder holding the engine defaults overlaid with what the model's authors set in generation_config.json. */
    public static Builder defaultsFrom(GenerationDefaults d) {
        Builder b = builder();
        if (d.temperature() != null) b.temperature(d.temperature());
        if (d.topP() != null) b.topP(d.topP());
        if (d.topK() != null) b.topK(d.topK());
        return b;
    }

    public static SamplingParams greedy(int maxTokens) {
        return builder().maxTokens(maxTokens).temperature(0).build();
    }

    /**
     * {@code defaults} with the string options users write in Spark SQL maps or JSON lines applied on top; see
     * {@link SamplingOptions} for the keys and value formats.
     *
     * @param ignoredKeys keys the caller handles itself (e.g. {@code model}); they are neither parsed nor rejected
     */
    public static SamplingParams fromOptions(Map<String, String> options, SamplingParams defaults, Set<String> ignoredKeys) {
        return SamplingOptions.apply(options, defaults.toBuilder(), ignoredKeys).build();
    }

    public static SamplingParams fromOptions(Map<String, String> options, SamplingParams defaults) {
        return fromOptions(options, defaults, Set.of());
    }

    public boolean isGreedy() { return temperature == 0; }

    public Builder toBuilder() {
        return builder().n(n).maxTokens(maxTokens).minTokens(minTokens).temperature(temperature).topK(topK).topP(topP)
            .minP(minP).repetitionPenalty(repetitionPenalty).presencePenalty(presencePenalty)
            .frequencyPenalty(frequencyPenalty).seed(seed).stop(stop).stopTokenIds(stopTokenIds)
            .includeStopStrInOutput(includeStopStrInOutput).ignoreEos(ignoreEos).logprobs(logprobs)
            .skipSpecialTokens(skipSpecialTokens);
    }

    public SamplingParams withMaxTokens(int max) {
        return toBuilder().maxTokens(max).build();
    }

    /** Mutable staging for {@link SamplingParams}; starts at the engine defaults, validates in {@link #build()}. */
    public static final class Builder {
        private int n = 1;
        private int maxTokens = DEFAULT_MAX_TOKENS;
        private int minTokens;
        private double temperature = 1.0;
        private int topK;
        private double topP = 1.0;
        private double minP;
        private double repetitionPenalty = 1.0;
        private double presencePenalty;
        private double frequencyPenalty;
        private Long seed;
        private List<String> stop = List.of();
        private Set<Integer> stopTokenIds = Set.of();
        private boolean includeStopStrInOutput;
        private boolean ignoreEos;
        private int logprobs;
        private boolean skipSpecialTokens = true;

        private Builder() { }

        public Builder n(int v) { n = v; return this; }
        public Builder maxTokens(int v) { maxTokens = v; return this; }
        public Builder minTokens(int v) { minTokens = v; return this; }
        public Builder temperature(double v) { temperature = v; return this; }
        public Builder topK(int v) { topK = v; return this; }
        public Builder topP(double v) { topP = v; return this; }
        public Builder minP(double v) { minP = v; return this; }
        public Builder repetitionPenalty(double v) { repetitionPenalty = v; return this; }
        public Builder presencePenalty(double v) { presencePenalty = v; return this; }
        public Builder frequencyPenalty(double v) { frequencyPenalty = v; return this; }
        public Builder seed(Long v) { seed = v; return this; }
        public Builder stop(List<String> v) { stop = v; return this; }
        public Builder stopTokenIds(Set<Integer> v) { stopTokenIds = v; return this; }
        public Builder includeStopStrInOutput(boolean v) { includeStopStrInOutput = v; return this; }
        public Builder ignoreEos(boolean v) { ignoreEos = v; return this; }
        public Builder logprobs(int v) { logprobs = v; return this; }
        public Builder skipSpecialTokens(boolean v) { skipSpecialTokens = v; return this; }

        public SamplingParams build() {
            return new SamplingParams(n, maxTokens, minTokens, temperature, topK, topP, minP, repetitionPenalty,
                presencePenalty, frequencyPenalty, seed, stop, stopTokenIds, includeStopStrInOutput, ignoreEos,
                logprobs, skipSpecialTokens);
        }
    }
}

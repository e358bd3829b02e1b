package dev.sparkllm.engine.sample;

/**
 * How one request samples and when it stops. Validated at construction: a bad value is an
 * {@link IllegalArgumentException} naming the option, which callers turn into a per-request error.
 *
 * @param temperature 0 means greedy (argmax, ties to the lowest id)
 * @param topK        0 disables top-k
 * @param topP        1 disables nucleus sampling
 * @param seed        null draws a fresh seed; a fixed seed makes the request reproducible
 * @param logprobs    0 for none, else the number of most likely tokens reported per step
 */
public record SamplingParams(int maxTokens, double temperature, int topK, double topP, Long seed,
                             boolean ignoreEos, int logprobs) {

    public static final int MAX_LOGPROBS = 20;

    public SamplingParams {
        if (maxTokens < 0) throw new IllegalArgumentException("max_tokens must be >= 0, got " + maxTokens);
        if (!(temperature >= 0) || Double.isInfinite(temperature)) {
            throw new IllegalArgumentException("temperature must be a finite number >= 0, got " + temperature);
        }
        if (topK < 0) throw new IllegalArgumentException("top_k must be >= 0 (0 disables it), got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new IllegalArgumentException("top_p must be in (0, 1], got " + topP);
        if (logprobs < 0 || logprobs > MAX_LOGPROBS) {
            throw new IllegalArgumentException("logprobs must be in [0, " + MAX_LOGPROBS + "], got " + logprobs);
        }
    }

    public static SamplingParams greedy(int maxTokens) {
        return new SamplingParams(maxTokens, 0, 0, 1, null, false, 0);
    }

    public boolean isGreedy() { return temperature == 0; }

    public SamplingParams withMaxTokens(int n) {
        return new SamplingParams(n, temperature, topK, topP, seed, ignoreEos, logprobs);
    }
}

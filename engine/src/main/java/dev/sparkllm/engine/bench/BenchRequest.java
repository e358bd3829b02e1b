package dev.sparkllm.engine.bench;

/**
 * One benchmark request: its prompt ids and how many tokens it generates. {@code outputTokens} is the request's true
 * length (where a real conversation's answer ended); benchmarks run with ignore_eos, so it is enforced as the
 * request's max_tokens. The static baselines reserve KV for prompt + the workload's max_tokens cap ("Orca (Max)") or
 * prompt + this true length ("Oracle").
 */
public record BenchRequest(int[] promptTokenIds, int outputTokens) {

    public BenchRequest {
        if (promptTokenIds.length == 0) throw new IllegalArgumentException("a benchmark prompt needs at least one token");
        if (outputTokens <= 0) throw new IllegalArgumentException("outputTokens must be positive, got " + outputTokens);
    }
}

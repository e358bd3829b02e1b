package dev.sparkllm.engine.kv;

/**
 * How requests get KV blocks. {@link #PAGED} is the engine's mode: blocks on demand as tokens arrive, shared
 * across requests through the prefix cache. {@link #STATIC} reserves prompt + max_tokens at admission with no
 * sharing — the max-length reservation of earlier systems, kept only as the baseline benchmarks compare against.
 */
public enum KvAllocation {
    PAGED,
    STATIC
}

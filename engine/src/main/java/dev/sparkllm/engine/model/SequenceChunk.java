package dev.sparkllm.engine.model;

import dev.sparkllm.engine.kv.KvCacheView;

/**
 * New tokens of one sequence for one forward pass: they occupy positions {@code startPos ..} and attend to everything
 * already in {@code cache} before them. {@code allLogits} asks for logits at every new position instead of only the last.
 */
public record SequenceChunk(KvCacheView cache, int startPos, int[] tokens, boolean allLogits) {

    public int logitRows() { return allLogits ? tokens.length : 1; }
}

package dev.sparkllm.engine.sched;

/** One sequence's share of a step: {@code numNewTokens} tokens starting at its computed position. */
public record ScheduledChunk(Sequence sequence, int startPos, int numNewTokens) { }

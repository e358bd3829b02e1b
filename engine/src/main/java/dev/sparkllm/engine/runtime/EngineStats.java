package dev.sparkllm.engine.runtime;

/**
 * A snapshot of the engine's counters. Cumulative counters only grow; differences of two snapshots describe the
 * interval between them (benchmarks do that).
 *
 * @param blocksTotal            KV blocks in the pool
 * @param blocksUsed             blocks referenced by running requests
 * @param blocksCached           free blocks that still hold a cached prefix (evictable)
 * @param running                requests being computed now
 * @param waiting                requests queued (new or preempted)
 * @param steps                  forward passes run
 * @param promptTokensComputed   prompt tokens (incl. recomputed ones) run through the model
 * @param outputTokens           tokens generated
 * @param prefixQueryTokens      prompt tokens looked up in the prefix cache
 * @param prefixHitTokens        of those, tokens whose KV was reused
 * @param preemptions            requests preempted (freed and requeued) for lack of blocks
 * @param runningSum             sum over steps of the number of requests in the step (mean = runningSum / steps)
 * @param peakRunning            most requests in one step
 * @param kvTokensStoredSum      sum over steps of tokens held in allocated blocks
 * @param kvSlotsAllocatedSum    sum over steps of token slots in allocated blocks (utilization = stored / allocated)
 * @param promptStepNanos        time of the steps that computed prompt tokens
 * @param stepNanos              time of all steps
 * @param batchSizeHistogram     steps by number of requests: bucket i counts steps with 2^i .. 2^(i+1)-1 requests
 */
public record EngineStats(int blocksTotal, int blocksUsed, int blocksCached, int running, int waiting, long steps,
                          long promptTokensComputed, long outputTokens, long prefixQueryTokens, long prefixHitTokens,
                          long preemptions, long runningSum, int peakRunning, long kvTokensStoredSum,
                          long kvSlotsAllocatedSum, long promptStepNanos, long stepNanos, long[] batchSizeHistogram) {

    public double meanRunning() { return steps == 0 ? 0 : runningSum / (double) steps; }

    /** Tokens stored ÷ token slots allocated, averaged over steps (the paper's "KV cache utilization"). */
    public double kvUtilization() { return kvSlotsAllocatedSum == 0 ? 0 : kvTokensStoredSum / (double) kvSlotsAllocatedSum; }

    public double prefixHitRate() { return prefixQueryTokens == 0 ? 0 : prefixHitTokens / (double) prefixQueryTokens; }

    public double outputTokensPerSecond() { return stepNanos == 0 ? 0 : outputTokens * 1e9 / stepNanos; }

    public double promptTokensPerSecond() { return promptStepNanos == 0 ? 0 : promptTokensComputed * 1e9 / promptStepNanos; }

    /** One line for logs and the command-line tool. */
    public String summary() {
        return String.format("steps %d, running mean %.1f peak %d, KV blocks %d/%d used (%d cached), KV utilization %.1f%%, "
                + "prefix hits %d/%d tokens (%.1f%%), preemptions %d, prompt %.0f tok/s, output %.1f tok/s",
            steps, meanRunning(), peakRunning, blocksUsed, blocksTotal, blocksCached, 100 * kvUtilization(), prefixHitTokens,
            prefixQueryTokens, 100 * prefixHitRate(), preemptions, promptTokensPerSecond(), outputTokensPerSecond());
    }
}

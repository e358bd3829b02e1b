package dev.sparkllm.engine.bench;

import dev.sparkllm.engine.runtime.EngineStats;

/**
 * What one benchmark run measured: wall-clock rates over the whole run (first submission to last completion) and the
 * engine's own counters over the same interval (the difference of two {@link EngineStats} snapshots).
 *
 * @param promptTokensPerS prompt tokens computed per second of the steps that computed prompt tokens, as llama.cpp's
 *                         batched bench reports prefill speed; excludes prompt tokens served from the prefix cache
 * @param totalTokensPerS  (prompt + output tokens of all requests) per wall-clock second
 * @param peakRunning      most requests in one step since the engine started (runs use a fresh engine)
 * @param promptTokensComputed prompt tokens run through the model (prefix-cache hits excluded, recomputation after
 *                         preemption included): what prefix sharing saves shows here
 * @param decodeTokensPerS tokens generated per second of the steps that computed no prompt tokens (llama.cpp's
 *                         batched bench "S_TG"): generation speed with prefill excluded
 */
public record BenchMetrics(int requests, long promptTokens, long outputTokens, double wallSeconds,
                           double outputTokensPerS, double promptTokensPerS, double totalTokensPerS, double requestsPerS,
                           int peakRunning, double meanRunning, double kvUtilization, double prefixHitRate,
                           long preemptions, long promptTokensComputed, double decodeTokensPerS) {

    /**
     * Metrics of a run that completed {@code requests} requests with these totals in {@code wallNanos}, between the
     * snapshots {@code before} and {@code after}.
     */
    public static BenchMetrics of(EngineStats before, EngineStats after, int requests, long promptTokens,
                                  long outputTokens, long wallNanos) {
        double secs = wallNanos / 1e9;
        long steps = after.steps() - before.steps();
        long promptComputed = after.promptTokensComputed() - before.promptTokensComputed();
        long promptNanos = after.promptStepNanos() - before.promptStepNanos();
        long slots = after.kvSlotsAllocatedSum() - before.kvSlotsAllocatedSum();
        long queried = after.prefixQueryTokens() - before.prefixQueryTokens();
        return new BenchMetrics(requests, promptTokens, outputTokens, secs,
            rate(outputTokens, secs),
            promptNanos == 0 ? 0 : promptComputed * 1e9 / promptNanos,
            rate(promptTokens + outputTokens, secs),
            rate(requests, secs),
            after.peakRunning(),
            steps == 0 ? 0 : (after.runningSum() - before.runningSum()) / (double) steps,
            slots == 0 ? 0 : (after.kvTokensStoredSum() - before.kvTokensStoredSum()) / (double) slots,
            queried == 0 ? 0 : (after.prefixHitTokens() - before.prefixHitTokens()) / (double) queried,
            after.preemptions() - before.preemptions(),
            promptComputed,
            decodeRate(before, after));
    }

    private static double decodeRate(EngineStats before, EngineStats after) {
        long nanos = (after.stepNanos() - after.promptStepNanos()) - (before.stepNanos() - before.promptStepNanos());
        return nanos <= 0 ? 0 : (after.decodeOutputTokens() - before.decodeOutputTokens()) * 1e9 / nanos;
    }

    private static double rate(double amount, double secs) {
        return secs <= 0 ? 0 : amount / secs;
    }
}

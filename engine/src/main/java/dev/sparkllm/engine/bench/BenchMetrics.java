package dev.sparkllm.engine.bench;

import dev.sparkllm.engine.model.StepPhases;
import dev.sparkllm.engine.runtime.EngineStats;
import java.util.LinkedHashMap;
import java.util.Map;

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
 * @param phaseNanos       wall-clock time of the run's steps by phase ({@link StepPhases.Phase} order)
 */
public record BenchMetrics(int requests, long promptTokens, long outputTokens, double wallSeconds,
                           double outputTokensPerS, double promptTokensPerS, double totalTokensPerS, double requestsPerS,
                           int peakRunning, double meanRunning, double kvUtilization, double prefixHitRate,
                           long preemptions, long promptTokensComputed, double decodeTokensPerS, long[] phaseNanos) {

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
            decodeRate(before, after),
            difference(before.phaseNanos(), after.phaseNanos()));
    }

    /** Each phase's share of the run's step time, in {@link StepPhases.Phase} order, keyed by its label. */
    public Map<String, Double> phaseShares() {
        long total = 0;
        for (long n : phaseNanos) total += n;
        Map<String, Double> shares = new LinkedHashMap<>();
        for (StepPhases.Phase p : StepPhases.Phase.values()) {
            shares.put(p.label, total == 0 ? 0 : phaseNanos[p.ordinal()] / (double) total);
        }
        return shares;
    }

    private static long[] difference(long[] before, long[] after) {
        long[] d = new long[after.length];
        for (int i = 0; i < d.length; i++) d[i] = after[i] - before[i];
        return d;
    }

    private static double decodeRate(EngineStats before, EngineStats after) {
        long nanos = (after.stepNanos() - after.promptStepNanos()) - (before.stepNanos() - before.promptStepNanos());
        return nanos <= 0 ? 0 : (after.decodeOutputTokens() - before.decodeOutputTokens()) * 1e9 / nanos;
    }

    private static double rate(double amount, double secs) {
        return secs <= 0 ? 0 : amount / secs;
    }
}

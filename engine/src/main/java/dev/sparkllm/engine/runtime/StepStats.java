package dev.sparkllm.engine.runtime;

/** The engine's cumulative counters, updated by the engine thread after each step and read under its lock. */
final class StepStats {
    long steps;
    long promptTokensComputed;
    long outputTokens;
    long runningSum;
    int peakRunning;
    long kvTokensStoredSum;
    long kvSlotsAllocatedSum;
    long promptStepNanos;
    long stepNanos;
    long decodeOutputTokens;
    final long[] batchSizeHistogram = new long[16];

    void recordStep(int sequences, int promptTokens, int outputs, long kvTokensStored, long kvSlotsAllocated, long nanos) {
        steps++;
        promptTokensComputed += promptTokens;
        outputTokens += outputs;
        runningSum += sequences;
        peakRunning = Math.max(peakRunning, sequences);
        kvTokensStoredSum += kvTokensStored;
        kvSlotsAllocatedSum += kvSlotsAllocated;
        stepNanos += nanos;
        if (promptTokens > 0) promptStepNanos += nanos; else decodeOutputTokens += outputs;
        batchSizeHistogram[Math.min(batchSizeHistogram.length - 1, 31 - Integer.numberOfLeadingZeros(Math.max(1, sequences)))]++;
    }
}

package dev.sparkllm.engine.model;

/**
 * Wall-clock time of an engine step's phases, on the thread that runs the steps: each parallel operation is timed
 * from its hand-off to the last thread's finish, so the phases add up to the steps' time. Sampling profilers are
 * misleading here: the JDK Flight Recorder often fails to walk a stack inside a vectorized kernel but always walks a
 * thread spinning between operations, which made "waiting for other threads" look like a fifth of a decode step when
 * the calling thread measured 3%. Written by one thread; others read snapshots.
 */
public final class StepPhases {
    public enum Phase {
        PROJECTIONS("matmul: layer projections"),
        LOGITS("matmul: logits"),
        ATTENTION("attention"),
        TOKENWISE("norms, RoPE, SiLU, residuals, KV writes"),
        SAMPLING("sampling"),
        ENGINE("scheduling, KV blocks, bookkeeping");

        public final String label;

        Phase(String label) {
            this.label = label;
        }
    }

    private final long[] nanos = new long[Phase.values().length];

    /** Adds the time since {@code start} (a {@link System#nanoTime} reading) to {@code phase}; returns the time now. */
    public long lap(Phase phase, long start) {
        long now = System.nanoTime();
        nanos[phase.ordinal()] += now - start;
        return now;
    }

    /** Nanoseconds so far, indexed by {@link Phase#ordinal()}. */
    public long[] snapshot() {
        return nanos.clone();
    }
}

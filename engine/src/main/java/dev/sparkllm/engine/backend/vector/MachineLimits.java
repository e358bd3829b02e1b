package dev.sparkllm.engine.backend.vector;

import java.util.concurrent.CountDownLatch;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two ceilings a CPU kernel is judged against, measured here rather than taken from a data sheet (a VM's cores,
 * clocks and memory channels are what they are): FP32 fused-multiply-add throughput with the JVM's preferred vector
 * species, and the bandwidth of streaming reads from DRAM. Each runs on {@code threads} threads at once.
 */
public final class MachineLimits {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Where measured loops' results go, so the JIT cannot prove them unused. */
    static volatile float SINK;

    private MachineLimits() { }

    /**
     * Peak FP32 GFLOP/s: 12 independent FMA chains per thread (more than latency × throughput), nothing else; best of
     * 3 runs of {@code iterations} after a warm-up that gets the loop compiled.
     */
    public static double fmaPeakGflops(int threads, int iterations) {
        for (int i = 0; i < 20; i++) fmaLoop(100_000);
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) best = Math.min(best, onThreads(threads, t -> fmaLoop(iterations)));
        return 2.0 * 12 * F.length() * iterations * threads / best;
    }

    /** Read bandwidth in GB/s over {@code floats} floats (make it far larger than the caches), best of 3 passes. */
    public static double readBandwidthGBs(int threads, int floats) {
        float[] a = new float[floats];
        for (int i = 0; i < floats; i += 1024) a[i] = 1;
        long best = Long.MAX_VALUE;
        for (int pass = 0; pass < 3; pass++) {
            long nanos = onThreads(threads, t -> sum(a, (int) ((long) floats * t / threads),
                (int) ((long) floats * (t + 1) / threads)));
            best = Math.min(best, nanos);
        }
        return 4.0 * floats / best;
    }

    private static float fmaLoop(int iterations) {
        FloatVector m = FloatVector.broadcast(F, 0.999f);
        FloatVector c = FloatVector.broadcast(F, 1e-3f);
        FloatVector a0 = c, a1 = c, a2 = c, a3 = c, a4 = c, a5 = c, a6 = c, a7 = c, a8 = c, a9 = c, a10 = c, a11 = c;
        for (int i = 0; i < iterations; i++) {
            a0 = a0.fma(m, c); a1 = a1.fma(m, c); a2 = a2.fma(m, c); a3 = a3.fma(m, c);
            a4 = a4.fma(m, c); a5 = a5.fma(m, c); a6 = a6.fma(m, c); a7 = a7.fma(m, c);
            a8 = a8.fma(m, c); a9 = a9.fma(m, c); a10 = a10.fma(m, c); a11 = a11.fma(m, c);
        }
        return a0.add(a1).add(a2).add(a3).add(a4).add(a5).add(a6).add(a7).add(a8).add(a9).add(a10).add(a11)
            .reduceLanes(VectorOperators.ADD);
    }

    private static float sum(float[] a, int from, int to) {
        int l = F.length();
        FloatVector s0 = FloatVector.zero(F), s1 = FloatVector.zero(F), s2 = FloatVector.zero(F), s3 = FloatVector.zero(F);
        int i = from;
        for (; i + 4 * l <= to; i += 4 * l) {
            s0 = s0.add(FloatVector.fromArray(F, a, i));
            s1 = s1.add(FloatVector.fromArray(F, a, i + l));
            s2 = s2.add(FloatVector.fromArray(F, a, i + 2 * l));
            s3 = s3.add(FloatVector.fromArray(F, a, i + 3 * l));
        }
        float r = s0.add(s1).add(s2).add(s3).reduceLanes(VectorOperators.ADD);
        for (; i < to; i++) r += a[i];
        return r;
    }

    /** A piece of measured work for thread {@code t}; its result is kept so the JIT cannot drop the loop. */
    private interface Work {
        float run(int t);
    }

    /** Nanoseconds from a common start until the last of {@code threads} threads finishes. */
    private static long onThreads(int threads, Work work) {
        CountDownLatch start = new CountDownLatch(1);
        Thread[] ts = new Thread[threads];
        float[] sink = new float[threads];
        for (int t = 0; t < threads; t++) {
            int id = t;
            ts[t] = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                sink[id] = work.run(id);
            });
            ts[t].start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        for (Thread t : ts) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring", e);
            }
        }
        long nanos = System.nanoTime() - t0;
        float total = 0;
        for (float f : sink) total += f;
        SINK = total;
        return nanos;
    }
}

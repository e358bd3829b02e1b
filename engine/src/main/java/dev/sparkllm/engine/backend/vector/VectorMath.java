package dev.sparkllm.engine.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 array kernels: row dot products (non-panel weights) and RMSNorm. Reductions use four accumulators combined as
 * {@code (a0+a1)+(a2+a3)}, then the lanes summed by a fixed tree, then the scalar tail: the order depends only on
 * {@code n} (and the JVM's fixed vector length), so results are reproducible run to run and across JIT tiers.
 */
public final class VectorMath {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();

    private VectorMath() { }

    /** Sum of {@code a[aOff+i] * b[bOff+i]} for i in [0, n). */
    public static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        FloatVector acc2 = FloatVector.zero(F);
        FloatVector acc3 = FloatVector.zero(F);
        int i = 0;
        int bound4 = n - n % (4 * L);
        for (; i < bound4; i += 4 * L) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(F, a, aOff + i + L).fma(FloatVector.fromArray(F, b, bOff + i + L), acc1);
            acc2 = FloatVector.fromArray(F, a, aOff + i + 2 * L).fma(FloatVector.fromArray(F, b, bOff + i + 2 * L), acc2);
            acc3 = FloatVector.fromArray(F, a, aOff + i + 3 * L).fma(FloatVector.fromArray(F, b, bOff + i + 3 * L), acc3);
        }
        int bound = n - n % L;
        for (; i < bound; i += L) {
            acc0 = FloatVector.fromArray(F, a, aOff + i).fma(FloatVector.fromArray(F, b, bOff + i), acc0);
        }
        float sum = sumLanes(acc0.add(acc1).add(acc2.add(acc3)));
        for (; i < n; i++) sum += a[aOff + i] * b[bOff + i];
        return sum;
    }

    /** Sum of squares of {@code a[off .. off+n)}, in the same order as {@link #dot}. */
    public static float sumOfSquares(float[] a, int off, int n) {
        return dot(a, off, a, off, n);
    }

    /** For each halving step, the shuffle that brings lane i + step to lane i (wrapping). */
    private static final VectorShuffle<Float>[] FOLDS = folds();

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] folds() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] out = new VectorShuffle[steps];
        for (int i = 0, step = L / 2; step >= 1; i++, step /= 2) out[i] = VectorShuffle.iota(F, step, 1, true);
        return out;
    }

    /**
     * The lanes' sum by a fixed pairwise tree (lane i + lane i+L/2, then i + L/4, ...). Every lane-wise add is an
     * exactly specified IEEE add, so the result is the same whether the JIT intrinsifies the shuffles or not, unlike
     * {@code reduceLanes(ADD)}, whose order is unspecified. Register-only: no array round trip in the hot loop.
     */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> fold : FOLDS) v = v.add(v.rearrange(fold));
        return v.lane(0);
    }
}

package dev.sparkllm.engine.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Element-wise kernels built on one exponential: SiLU·mul (the MLP's activation) and the attention softmax.
 *
 * <p>The exponential is our own (Cephes' expf: range reduction by a rounded multiple of ln 2, a degree-6 polynomial,
 * scaling by exponent bits), written with adds, multiplies and fused multiply-adds only. Those are exactly specified
 * IEEE operations in the compiled vector code, in the Vector API's Java fallback and in the scalar tail ({@link
 * #exp(float)}), so an element's result never depends on the JIT tier or on its lane — unlike
 * {@code lanewise(EXP)}, whose intrinsic and fallback differ in the last bit, which would break batch invariance
 * between a cold and a warm JVM. Accuracy: within 2 ulp of {@code Math.exp} over the clamped range.
 */
public final class VectorActivations {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private static final float LOG2E = 1.44269504088896341f;
    /** 1.5 × 2^23: adding it rounds a float of magnitude < 2^22 to an integer (nearest even) in the low mantissa bits. */
    private static final float ROUNDER = 12582912f;
    private static final int ROUNDER_BITS = Float.floatToRawIntBits(ROUNDER);
    /** ln 2 split in two so that n × LN2_HI is exact for the n that occur. */
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Inputs are clamped here so that 2^n stays a normal float: exp(-87.3) ≈ 1.2e-38, exp(88.3) ≈ 2.2e38. */
    private static final float MIN_X = -87.3f;
    private static final float MAX_X = 88.3f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;

    private VectorActivations() { }

    /** e^x lane by lane; inputs below -87.3 or above 88.3 give the value at the clamp. NaN stays NaN. */
    static FloatVector exp(FloatVector x) {
        x = x.max(MIN_X).min(MAX_X);
        FloatVector shifted = x.mul(LOG2E).add(ROUNDER);
        FloatVector n = shifted.sub(ROUNDER);
        FloatVector r = n.fma(FloatVector.broadcast(F, -LN2_HI), x);
        r = n.fma(FloatVector.broadcast(F, -LN2_LO), r);
        FloatVector p = r.fma(P0, P1);
        p = p.fma(r, FloatVector.broadcast(F, P2));
        p = p.fma(r, FloatVector.broadcast(F, P3));
        p = p.fma(r, FloatVector.broadcast(F, P4));
        p = p.fma(r, FloatVector.broadcast(F, P5));
        FloatVector y = p.mul(r.mul(r)).add(r).add(1f);
        IntVector bits = shifted.reinterpretAsInts().sub(ROUNDER_BITS - 127).lanewise(VectorOperators.LSHL, 23);
        return y.mul(bits.reinterpretAsFloats());
    }

    /** The same function element by element, with the same operations: used for tails so every element agrees. */
    public static float exp(float x) {
        x = Math.min(Math.max(x, MIN_X), MAX_X);
        float shifted = x * LOG2E + ROUNDER;
        float n = shifted - ROUNDER;
        float r = Math.fma(n, -LN2_HI, x);
        r = Math.fma(n, -LN2_LO, r);
        float p = Math.fma(r, P0, P1);
        p = Math.fma(p, r, P2);
        p = Math.fma(p, r, P3);
        p = Math.fma(p, r, P4);
        p = Math.fma(p, r, P5);
        float y = p * (r * r) + r + 1f;
        return y * Float.intBitsToFloat((Float.floatToRawIntBits(shifted) - (ROUNDER_BITS - 127)) << 23);
    }

    /** {@code gate[i] = gate[i] / (1 + e^-gate[i]) * up[i]} for i in [off, off + n). */
    public static void siluMul(float[] gate, float[] up, int off, int n) {
        int i = 0;
        for (int bound = n - n % L; i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(F, gate, off + i);
            FloatVector e = exp(g.neg());
            g.div(e.add(1f)).mul(FloatVector.fromArray(F, up, off + i)).intoArray(gate, off + i);
        }
        for (; i < n; i++) {
            float g = gate[off + i];
            gate[off + i] = g / (exp(-g) + 1f) * up[off + i];
        }
    }

    /**
     * Softmax of {@code scale × a[off .. off+n)} in place. The sum runs over lane accumulators then a fixed lane tree
     * then the tail, an order that depends only on {@code n}.
     */
    public static void softmax(float[] a, int off, int n, float scale) {
        int bound = n - n % L;
        FloatVector vmax = FloatVector.broadcast(F, Float.NEGATIVE_INFINITY);
        int i = 0;
        for (; i < bound; i += L) {
            FloatVector v = FloatVector.fromArray(F, a, off + i).mul(scale);
            v.intoArray(a, off + i);
            vmax = vmax.max(v);
        }
        float max = vmax.reduceLanes(VectorOperators.MAX);
        for (; i < n; i++) {
            a[off + i] *= scale;
            max = Math.max(max, a[off + i]);
        }
        FloatVector vsum = FloatVector.zero(F);
        for (i = 0; i < bound; i += L) {
            FloatVector e = exp(FloatVector.fromArray(F, a, off + i).sub(max));
            e.intoArray(a, off + i);
            vsum = vsum.add(e);
        }
        float sum = VectorMath.sumLanes(vsum);
        for (; i < n; i++) {
            float e = exp(a[off + i] - max);
            a[off + i] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (i = 0; i < bound; i += L) FloatVector.fromArray(F, a, off + i).mul(inv).intoArray(a, off + i);
        for (; i < n; i++) a[off + i] *= inv;
    }
}

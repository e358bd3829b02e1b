package dev.sparkllm.engine.backend.vector;

import static dev.sparkllm.engine.backend.vector.BlockKernels.K;
import static dev.sparkllm.engine.backend.vector.BlockKernels.KL;

import dev.sparkllm.engine.weights.Half;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * F16 and BF16 kernels. JDK 17's Vector API has no half-float conversion, so halves are widened with integer ops:
 * shifting the exponent and mantissa into F32 position and multiplying by 2^112 rebiases normals and turns
 * subnormals (which become F32 denormals) into the right normal values; exponent 31 (inf/NaN) is patched by a blend.
 */
final class HalfKernels {
    private static final VectorSpecies<Integer> KI = K.withLanes(int.class);
    private static final VectorSpecies<Short> KS =
        BlockKernels.SUPPORTED ? VectorSpecies.of(short.class, VectorShape.forBitSize(KL * 16)) : null;

    private HalfKernels() { }

    private static IntVector widenShorts(short[] a, int off) {
        return (IntVector) ShortVector.fromArray(KS, a, off).convertShape(VectorOperators.S2I, KI, 0);
    }

    static FloatVector halfToFloat(short[] a, int off) {
        IntVector h = widenShorts(a, off);
        IntVector em = h.and(0x7fff);
        IntVector bits = em.lanewise(VectorOperators.LSHL, 13);
        IntVector finite = bits.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
        IntVector all = finite.blend(bits.or(0x7f800000), em.compare(VectorOperators.GE, 0x7c00));
        return all.or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16)).reinterpretAsFloats();
    }

    /**
     * {@link #halfToFloat} for patterns known not to be infinite or NaN, in four operations: the sign-extended pattern
     * shifted by 13 puts the sign in bit 31 and exponent and mantissa in F32 position (the mask clears the sign copies
     * left in bits 28-30), and the exact multiply by 2^112 rebiases the exponent, subnormals included.
     */
    static FloatVector finiteHalfToFloat(short[] a, int off) {
        return widenShorts(a, off).lanewise(VectorOperators.LSHL, 13).and(0x8fffe000).reinterpretAsFloats().mul(0x1p112f);
    }

    static FloatVector bf16ToFloat(short[] a, int off) {
        return widenShorts(a, off).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats();
    }

    static float dotF16(short[] w, int wOff, float[] x, int xOff, int n) {
        FloatVector acc0 = FloatVector.zero(K);
        FloatVector acc1 = FloatVector.zero(K);
        int i = 0;
        int bound2 = n - n % (2 * KL);
        for (; i < bound2; i += 2 * KL) {
            acc0 = halfToFloat(w, wOff + i).fma(FloatVector.fromArray(K, x, xOff + i), acc0);
            acc1 = halfToFloat(w, wOff + i + KL).fma(FloatVector.fromArray(K, x, xOff + i + KL), acc1);
        }
        int bound = n - n % KL;
        for (; i < bound; i += KL) acc0 = halfToFloat(w, wOff + i).fma(FloatVector.fromArray(K, x, xOff + i), acc0);
        float sum = VectorMath.sumLanes(acc0.add(acc1));
        for (; i < n; i++) sum += Half.toFloat(w[wOff + i]) * x[xOff + i];
        return sum;
    }

    static float dotBF16(short[] w, int wOff, float[] x, int xOff, int n) {
        FloatVector acc0 = FloatVector.zero(K);
        FloatVector acc1 = FloatVector.zero(K);
        int i = 0;
        int bound2 = n - n % (2 * KL);
        for (; i < bound2; i += 2 * KL) {
            acc0 = bf16ToFloat(w, wOff + i).fma(FloatVector.fromArray(K, x, xOff + i), acc0);
            acc1 = bf16ToFloat(w, wOff + i + KL).fma(FloatVector.fromArray(K, x, xOff + i + KL), acc1);
        }
        int bound = n - n % KL;
        for (; i < bound; i += KL) acc0 = bf16ToFloat(w, wOff + i).fma(FloatVector.fromArray(K, x, xOff + i), acc0);
        float sum = VectorMath.sumLanes(acc0.add(acc1));
        for (; i < n; i++) sum += Half.bf16ToFloat(w[wOff + i]) * x[xOff + i];
        return sum;
    }
}

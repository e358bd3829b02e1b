package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.weights.Half;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Q8_0 and Q4_0 kernels, plus the species shared by all typed kernels. Weights are widened byte → float in
 * registers ({@code B2F} from a byte vector with as many lanes as the float vector), scaled exactly as the scalar
 * dequantizer does, and FMA'd into per-position accumulators that are combined in a fixed order.
 */
final class BlockKernels {
    /** Float species of the typed kernels: the preferred one, capped at 16 lanes (one 32-value block = 2 vectors). */
    static final VectorSpecies<Float> K = VectorMath.L > 16
        ? VectorSpecies.of(float.class, VectorShape.S_512_BIT) : VectorMath.F;
    static final int KL = K.length();
    static final boolean SUPPORTED = KL == 8 || KL == 16;
    /** Byte species with KL lanes, so that one B2F conversion fills one float vector. */
    static final VectorSpecies<Byte> KB = SUPPORTED ? VectorSpecies.of(byte.class, VectorShape.forBitSize(KL * 8)) : null;

    private BlockKernels() { }

    static FloatVector widen(ByteVector v) {
        return (FloatVector) v.convertShape(VectorOperators.B2F, K, 0);
    }

    static float dotQ8_0(byte[] data, int off, int blocks, float[] x, int xOff) {
        FloatVector acc0 = FloatVector.zero(K);
        FloatVector acc1 = FloatVector.zero(K);
        for (int b = 0; b < blocks; b++, off += 34, xOff += 32) {
            float d = Half.toFloat(data, off);
            for (int j = 0; j < 32; j += 2 * KL) {
                FloatVector w0 = widen(ByteVector.fromArray(KB, data, off + 2 + j)).mul(d);
                FloatVector w1 = widen(ByteVector.fromArray(KB, data, off + 2 + j + KL)).mul(d);
                acc0 = w0.fma(FloatVector.fromArray(K, x, xOff + j), acc0);
                acc1 = w1.fma(FloatVector.fromArray(K, x, xOff + j + KL), acc1);
            }
        }
        return VectorMath.sumLanes(acc0.add(acc1));
    }

    static float dotQ4_0(byte[] data, int off, int blocks, float[] x, int xOff) {
        FloatVector acc0 = FloatVector.zero(K);
        FloatVector acc1 = FloatVector.zero(K);
        for (int b = 0; b < blocks; b++, off += 18, xOff += 32) {
            float d = Half.toFloat(data, off);
            for (int j = 0; j < 16; j += KL) {
                ByteVector q = ByteVector.fromArray(KB, data, off + 2 + j);
                FloatVector lo = widen(q.and((byte) 0x0f).sub((byte) 8)).mul(d);
                FloatVector hi = widen(q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0f).sub((byte) 8)).mul(d);
                acc0 = lo.fma(FloatVector.fromArray(K, x, xOff + j), acc0);
                acc1 = hi.fma(FloatVector.fromArray(K, x, xOff + 16 + j), acc1);
            }
        }
        return VectorMath.sumLanes(acc0.add(acc1));
    }
}

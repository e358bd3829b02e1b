package dev.sparkllm.engine.backend.vector;

import static dev.sparkllm.engine.backend.vector.BlockKernels.K;
import static dev.sparkllm.engine.backend.vector.BlockKernels.KB;
import static dev.sparkllm.engine.backend.vector.BlockKernels.KL;
import static dev.sparkllm.engine.backend.vector.BlockKernels.widen;

import dev.sparkllm.engine.weights.Half;
import dev.sparkllm.engine.weights.Q4_KTensor;
import dev.sparkllm.engine.weights.Q6_KTensor;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/** Q4_K and Q6_K (256-value super-block) kernels; layouts as in llama.cpp's dequantize_row_q4_K / q6_K. */
final class KQuantKernels {
    private KQuantKernels() { }

    static float dotQ4_K(byte[] data, int off, int blocks, float[] x, int xOff) {
        FloatVector acc0 = FloatVector.zero(K);
        FloatVector acc1 = FloatVector.zero(K);
        for (int b = 0; b < blocks; b++, off += 144, xOff += 256) {
            float d = Half.toFloat(data, off);
            float dmin = Half.toFloat(data, off + 2);
            int sc = off + Q4_KTensor.SCALES_OFFSET;
            for (int j = 0; j < 8; j += 2) {
                float d1 = d * Q4_KTensor.scale(data, sc, j);
                float m1 = dmin * Q4_KTensor.min(data, sc, j);
                float d2 = d * Q4_KTensor.scale(data, sc, j + 1);
                float m2 = dmin * Q4_KTensor.min(data, sc, j + 1);
                int qs = off + Q4_KTensor.QS_OFFSET + j * 16;
                int xb = xOff + j * 32;
                for (int c = 0; c < 32; c += KL) {
                    ByteVector q = ByteVector.fromArray(KB, data, qs + c);
                    FloatVector lo = widen(q.and((byte) 0x0f)).mul(d1).sub(m1);
                    FloatVector hi = widen(q.lanewise(VectorOperators.LSHR, 4).and((byte) 0x0f)).mul(d2).sub(m2);
                    acc0 = lo.fma(FloatVector.fromArray(K, x, xb + c), acc0);
                    acc1 = hi.fma(FloatVector.fromArray(K, x, xb + 32 + c), acc1);
                }
            }
        }
        return VectorMath.sumLanes(acc0.add(acc1));
    }

    /**
     * The four 32-value quarters of each half share one loop body (rather than four unrolled copies) because the
     * unrolled kernel exceeded C2's inlining budget, left Vector API calls un-inlined and ran 10x slower.
     */
    static float dotQ6_K(byte[] data, int off, int blocks, float[] x, int xOff) {
        FloatVector acc = FloatVector.zero(K);
        for (int b = 0; b < blocks; b++, off += 210, xOff += 256) {
            float d = Half.toFloat(data, off + Q6_KTensor.D_OFFSET);
            for (int half = 0; half < 2; half++) {
                int ql = off + half * 64;
                int qh = off + Q6_KTensor.QH_OFFSET + half * 32;
                int sc = off + Q6_KTensor.SCALES_OFFSET + half * 8;
                int xb = xOff + half * 128;
                for (int c = 0; c < 32; c += KL) {
                    ByteVector h = ByteVector.fromArray(KB, data, qh + c);
                    for (int quarter = 0; quarter < 4; quarter++) {
                        ByteVector low = ByteVector.fromArray(KB, data, ql + (quarter & 1) * 32 + c)
                            .lanewise(VectorOperators.LSHR, (quarter >> 1) * 4).and((byte) 0x0f);
                        ByteVector high = h.lanewise(VectorOperators.LSHR, 2 * quarter).and((byte) 3)
                            .lanewise(VectorOperators.LSHL, 4);
                        float scale = d * data[sc + c / 16 + 2 * quarter];
                        acc = widen(low.or(high).sub((byte) 32)).mul(scale)
                            .fma(FloatVector.fromArray(K, x, xb + quarter * 32 + c), acc);
                    }
                }
            }
        }
        return VectorMath.sumLanes(acc);
    }
}

package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.weights.Q8_0Tensor;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * Q8_0 weights × a token batch without a resident F32 copy: each group of 4 panels is decoded into a per-thread F32
 * buffer (one byte-vector load, widen and multiply by the block scale per column of a panel) and multiplied by
 * {@link F32Gemm}'s kernels. A decoded weight is {@code q * d} exactly as {@code Q8_0Tensor.dequantizeRow} gives it,
 * and each output element is the same FMA chain over k from zero as for F32 weights — so results do not depend on the
 * batch, the thread count or the split. Memory traffic is 1.125 bytes per weight instead of 4, which is what decode
 * (one token, weights streamed from DRAM) is limited by; with many tokens the decode cost is shared by all of them.
 */
final class Q8_0Gemm {
    /** Needs a byte species with as many lanes as the F32 panel width, which {@link BlockKernels} provides. */
    static final boolean SUPPORTED = BlockKernels.SUPPORTED && BlockKernels.KL == F32Gemm.L;

    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    private Q8_0Gemm() { }

    /** Panel groups [groupFrom, groupTo) of {@code w} for all {@code nTokens} tokens. */
    static void gemmGroups(Q8_0Tensor w, Q8_0Tensor.Panels panels, float[] x, int nTokens, float[] out, int groupFrom,
                           int groupTo) {
        int cols = w.cols();
        int panelCount = F32Gemm.panelCount(w.rows());
        float[] buf = buffer(4 * cols * F32Gemm.L);
        for (int g = groupFrom; g < groupTo; g++) {
            int p0 = 4 * g;
            int p1 = Math.min(p0 + 4, panelCount);
            for (int p = p0; p < p1; p++) decodePanel(panels, w.blocksPerRow(), p, buf, (p - p0) * cols * F32Gemm.L);
            for (int t = 0; t < nTokens; t += F32Gemm.TOKEN_BLOCK) {
                F32Gemm.gemm(buf, p0, w.rows(), cols, x, t, Math.min(nTokens, t + F32Gemm.TOKEN_BLOCK), out, p0, p1);
            }
        }
    }

    private static void decodePanel(Q8_0Tensor.Panels panels, int blocks, int p, float[] dst, int dstOff) {
        final int l = F32Gemm.L;
        byte[] q = panels.quants();
        float[] scales = panels.scales();
        for (int b = 0; b < blocks; b++) {
            int pb = p * blocks + b;
            FloatVector d = FloatVector.fromArray(F32Gemm.F, scales, pb * l);
            int src = pb * 32 * l;
            int to = dstOff + b * 32 * l;
            for (int k = 0; k < 32; k++) {
                ByteVector v = ByteVector.fromArray(BlockKernels.KB, q, src + k * l);
                ((FloatVector) v.convertShape(VectorOperators.B2F, F32Gemm.F, 0)).mul(d).intoArray(dst, to + k * l);
            }
        }
    }

    private static float[] buffer(int size) {
        float[] b = BUFFER.get();
        if (b.length < size) {
            b = new float[size];
            BUFFER.set(b);
        }
        return b;
    }
}

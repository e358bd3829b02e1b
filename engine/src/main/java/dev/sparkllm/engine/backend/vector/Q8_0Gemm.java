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

    /** Steps with fewer tokens than this decode in registers per token instead of into a buffer shared by all. */
    private static final int FUSED_BELOW = 4;

    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    private Q8_0Gemm() { }

    /** Panel groups [groupFrom, groupTo) of {@code w} for all {@code nTokens} tokens. */
    static void gemmGroups(Q8_0Tensor w, Q8_0Tensor.Panels panels, float[] x, int nTokens, float[] out, int groupFrom,
                           int groupTo) {
        int cols = w.cols();
        int panelCount = F32Gemm.panelCount(w.rows());
        if (nTokens < FUSED_BELOW) {
            for (int g = groupFrom; g < groupTo; g++) {
                int p0 = 4 * g;
                if (p0 + 4 <= panelCount) {
                    for (int t = 0; t < nTokens; t++) fused4x1(panels, w.blocksPerRow(), w.rows(), cols, x, t, out, p0);
                    continue;
                }
                for (int p = p0; p < panelCount; p++) {
                    for (int t = 0; t < nTokens; t++) fused1x1(panels, w.blocksPerRow(), w.rows(), cols, x, t, out, p);
                }
            }
            return;
        }
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

    /**
     * 4 panels × 1 token straight from the quantized panels: decode (widen, scale) and FMA in registers, for steps
     * with too few tokens to pay for a decoded copy. Same decoded values, same FMA chain as the buffered path.
     */
    private static void fused4x1(Q8_0Tensor.Panels panels, int blocks, int rows, int cols, float[] x, int t,
                                 float[] out, int p) {
        final int l = F32Gemm.L;
        byte[] q = panels.quants();
        float[] scales = panels.scales();
        FloatVector a0 = FloatVector.zero(F32Gemm.F), a1 = FloatVector.zero(F32Gemm.F);
        FloatVector a2 = FloatVector.zero(F32Gemm.F), a3 = FloatVector.zero(F32Gemm.F);
        int x0 = t * cols;
        for (int b = 0; b < blocks; b++) {
            int pb0 = p * blocks + b;
            int pb1 = pb0 + blocks;
            int pb2 = pb1 + blocks;
            int pb3 = pb2 + blocks;
            FloatVector d0 = FloatVector.fromArray(F32Gemm.F, scales, pb0 * l);
            FloatVector d1 = FloatVector.fromArray(F32Gemm.F, scales, pb1 * l);
            FloatVector d2 = FloatVector.fromArray(F32Gemm.F, scales, pb2 * l);
            FloatVector d3 = FloatVector.fromArray(F32Gemm.F, scales, pb3 * l);
            int xb = x0 + b * 32;
            for (int k = 0; k < 32; k++) {
                FloatVector v = FloatVector.broadcast(F32Gemm.F, x[xb + k]);
                a0 = widen(q, (pb0 * 32 + k) * l).mul(d0).fma(v, a0);
                a1 = widen(q, (pb1 * 32 + k) * l).mul(d1).fma(v, a1);
                a2 = widen(q, (pb2 * 32 + k) * l).mul(d2).fma(v, a2);
                a3 = widen(q, (pb3 * 32 + k) * l).mul(d3).fma(v, a3);
            }
        }
        F32Gemm.store(a0, out, rows, t, p);
        F32Gemm.store(a1, out, rows, t, p + 1);
        F32Gemm.store(a2, out, rows, t, p + 2);
        F32Gemm.store(a3, out, rows, t, p + 3);
    }

    private static void fused1x1(Q8_0Tensor.Panels panels, int blocks, int rows, int cols, float[] x, int t,
                                 float[] out, int p) {
        final int l = F32Gemm.L;
        FloatVector a = FloatVector.zero(F32Gemm.F);
        for (int b = 0; b < blocks; b++) {
            int pb = p * blocks + b;
            FloatVector d = FloatVector.fromArray(F32Gemm.F, panels.scales(), pb * l);
            for (int k = 0; k < 32; k++) {
                a = widen(panels.quants(), (pb * 32 + k) * l).mul(d).fma(FloatVector.broadcast(F32Gemm.F, x[t * cols + b * 32 + k]), a);
            }
        }
        F32Gemm.store(a, out, rows, t, p);
    }

    private static FloatVector widen(byte[] q, int off) {
        return (FloatVector) ByteVector.fromArray(BlockKernels.KB, q, off).convertShape(VectorOperators.B2F, F32Gemm.F, 0);
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
                widen(q, src + k * l).mul(d).intoArray(dst, to + k * l);
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

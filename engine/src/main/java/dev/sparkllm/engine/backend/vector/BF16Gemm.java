package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.weights.BF16Tensor;
import jdk.incubator.vector.FloatVector;

/**
 * BF16 weights (most Hugging Face checkpoints) through {@link DecodedPanelGemm}: the 16-bit patterns are re-laid once
 * into k-major panels and widened exactly in registers (a shift into the upper half of an F32). Memory traffic is 2
 * bytes per weight instead of 4, and a step of many tokens widens each weight once instead of once per token.
 *
 * <p>F16 stays on per-row dot products: its widening is a dozen vector operations, and with four of them in one FMA
 * loop C2 stops inlining the Vector API calls (measured 20x slower), while one panel per loop runs at half the speed
 * of the row dot product for one-sequence decode.
 */
final class BF16Gemm extends DecodedPanelGemm {
    /** Needs the typed kernels' species to be the F32 panel width. */
    static final boolean SUPPORTED = BlockKernels.SUPPORTED && BlockKernels.KL == F32Gemm.L;

    private final short[] panels;

    BF16Gemm(BF16Tensor w) {
        super(w.rows(), w.cols());
        this.panels = w.panels(F32Gemm.L);
    }

    @Override
    void fused4x1(float[] x, int t, float[] out, int p) {
        final int l = F32Gemm.L;
        int b0 = p * cols * l;
        int b1 = b0 + cols * l;
        int b2 = b1 + cols * l;
        int b3 = b2 + cols * l;
        int x0 = t * cols;
        FloatVector a0 = FloatVector.zero(F32Gemm.F), a1 = FloatVector.zero(F32Gemm.F);
        FloatVector a2 = FloatVector.zero(F32Gemm.F), a3 = FloatVector.zero(F32Gemm.F);
        for (int k = 0; k < cols; k++) {
            FloatVector v = FloatVector.broadcast(F32Gemm.F, x[x0 + k]);
            a0 = HalfKernels.bf16ToFloat(panels, b0 + k * l).fma(v, a0);
            a1 = HalfKernels.bf16ToFloat(panels, b1 + k * l).fma(v, a1);
            a2 = HalfKernels.bf16ToFloat(panels, b2 + k * l).fma(v, a2);
            a3 = HalfKernels.bf16ToFloat(panels, b3 + k * l).fma(v, a3);
        }
        F32Gemm.store(a0, out, rows, t, p);
        F32Gemm.store(a1, out, rows, t, p + 1);
        F32Gemm.store(a2, out, rows, t, p + 2);
        F32Gemm.store(a3, out, rows, t, p + 3);
    }

    @Override
    void fused1x1(float[] x, int t, float[] out, int p) {
        final int l = F32Gemm.L;
        int b = p * cols * l;
        FloatVector a = FloatVector.zero(F32Gemm.F);
        for (int k = 0; k < cols; k++) {
            a = HalfKernels.bf16ToFloat(panels, b + k * l).fma(FloatVector.broadcast(F32Gemm.F, x[t * cols + k]), a);
        }
        F32Gemm.store(a, out, rows, t, p);
    }

    @Override
    void decodePanel(int p, float[] dst, int dstOff) {
        final int l = F32Gemm.L;
        int b = p * cols * l;
        for (int k = 0; k < cols; k++) HalfKernels.bf16ToFloat(panels, b + k * l).intoArray(dst, dstOff + k * l);
    }
}

package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.weights.BF16Tensor;
import dev.sparkllm.engine.weights.F16Tensor;
import dev.sparkllm.engine.weights.HalfWidthTensor;
import jdk.incubator.vector.FloatVector;

/**
 * BF16 weights (most Hugging Face checkpoints) and finite F16 weights (F16 GGUF files) through {@link
 * DecodedPanelGemm}: the 16-bit patterns are re-laid once into k-major panels and widened exactly in registers. Memory
 * traffic is 2 bytes per weight instead of 4, and a step of many tokens widens each weight once instead of once per
 * token.
 *
 * <p>The widening must stay short: F16's general one (with the infinity/NaN blend) is a dozen vector operations, and
 * with four of them in one FMA loop C2 stops inlining the Vector API calls and every vector becomes a heap object
 * (measured 20x slower). F16 tensors with infinities or NaNs therefore stay on the row dot products.
 */
abstract class HalfGemm extends DecodedPanelGemm {
    /** Needs the typed kernels' species to be the F32 panel width. */
    static final boolean SUPPORTED = BlockKernels.SUPPORTED && BlockKernels.KL == F32Gemm.L;

    final short[] panels;

    private HalfGemm(HalfWidthTensor w) {
        super(w.rows(), w.cols());
        this.panels = w.panels(F32Gemm.L);
    }

    /** The panel GEMM of {@code w}, or null when its patterns need the general widening (F16 with inf or NaN). */
    static HalfGemm of(HalfWidthTensor w) {
        if (w instanceof BF16Tensor) return new BF16(w);
        if (w instanceof F16Tensor f && f.isFinite()) return new FiniteF16(w);
        return null;
    }

    /** Panel values {@code off .. off + L} as F32; one final subclass per type, so C2 binds each call site. */
    abstract FloatVector widen(int off);

    private static final class BF16 extends HalfGemm {
        BF16(HalfWidthTensor w) { super(w); }

        @Override
        FloatVector widen(int off) { return HalfKernels.bf16ToFloat(panels, off); }
    }

    private static final class FiniteF16 extends HalfGemm {
        FiniteF16(HalfWidthTensor w) { super(w); }

        @Override
        FloatVector widen(int off) { return HalfKernels.finiteHalfToFloat(panels, off); }
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
            a0 = widen(b0 + k * l).fma(v, a0);
            a1 = widen(b1 + k * l).fma(v, a1);
            a2 = widen(b2 + k * l).fma(v, a2);
            a3 = widen(b3 + k * l).fma(v, a3);
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
            a = widen(b + k * l).fma(FloatVector.broadcast(F32Gemm.F, x[t * cols + k]), a);
        }
        F32Gemm.store(a, out, rows, t, p);
    }

    @Override
    void decodePanel(int p, float[] dst, int dstOff) {
        final int l = F32Gemm.L;
        int b = p * cols * l;
        for (int k = 0; k < cols; k++) widen(b + k * l).intoArray(dst, dstOff + k * l);
    }
}

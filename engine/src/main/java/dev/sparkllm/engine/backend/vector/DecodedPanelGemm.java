package dev.sparkllm.engine.backend.vector;

/**
 * A weight matrix stored in a compact type (Q8_0, Q4_0, Q4_K, Q6_K, BF16, F16) × a token batch, without a resident F32
 * copy. Steps with a few tokens widen each weight in registers right before its FMA (memory traffic stays at the
 * compact size, which is what decode is limited by); larger steps decode a group of 4 panels into a per-thread F32
 * buffer and run {@link F32Gemm}'s kernels on it, so the decoding is shared by all tokens. Both give every output element the same FMA chain
 * over k from zero on the same decoded values, so a token's result depends neither on how many tokens share its step
 * nor on the threads or the split.
 */
abstract class DecodedPanelGemm {
    /** Steps with fewer tokens than this widen in registers per token instead of decoding into a shared buffer. */
    static final int FUSED_BELOW = 4;

    private static final ThreadLocal<float[]> BUFFER = ThreadLocal.withInitial(() -> new float[0]);

    final int rows;
    final int cols;

    DecodedPanelGemm(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
    }

    /** Writes panel {@code p}'s weights as F32 in {@code F32Tensor.panels}' k-major layout at {@code dst[dstOff..]}. */
    abstract void decodePanel(int p, float[] dst, int dstOff);

    /** Panels p..p+3 × token t straight from the compact panels, widening in registers. */
    abstract void fused4x1(float[] x, int t, float[] out, int p);

    /** Panel p × token t straight from the compact panels. */
    abstract void fused1x1(float[] x, int t, float[] out, int p);

    /** Panel groups [groupFrom, groupTo) for all {@code nTokens} tokens. */
    final void gemmGroups(float[] x, int nTokens, float[] out, int groupFrom, int groupTo) {
        int panelCount = F32Gemm.panelCount(rows);
        if (nTokens < FUSED_BELOW) {
            for (int g = groupFrom; g < groupTo; g++) {
                int p0 = 4 * g;
                if (p0 + 4 <= panelCount) {
                    for (int t = 0; t < nTokens; t++) fused4x1(x, t, out, p0);
                    continue;
                }
                for (int p = p0; p < panelCount; p++) {
                    for (int t = 0; t < nTokens; t++) fused1x1(x, t, out, p);
                }
            }
            return;
        }
        float[] buf = buffer(4 * cols * F32Gemm.L);
        for (int g = groupFrom; g < groupTo; g++) {
            int p0 = 4 * g;
            int p1 = Math.min(p0 + 4, panelCount);
            for (int p = p0; p < p1; p++) decodePanel(p, buf, (p - p0) * cols * F32Gemm.L);
            for (int t = 0; t < nTokens; t += F32Gemm.TOKEN_BLOCK) {
                F32Gemm.gemm(buf, p0, rows, cols, x, t, Math.min(nTokens, t + F32Gemm.TOKEN_BLOCK), out, p0, p1);
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

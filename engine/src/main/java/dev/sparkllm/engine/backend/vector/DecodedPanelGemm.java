package dev.sparkllm.engine.backend.vector;

/**
 * A weight matrix stored in a compact type (Q8_0, Q4_0, Q4_K, Q6_K, BF16, F16) × a token batch, without a resident F32
 * copy. Steps with a few tokens widen each weight in registers right before its FMA (memory traffic stays at the
 * compact size, which is what decode is limited by); larger steps decode a group of 4 panels into a per-thread F32
 * buffer and run {@link F32Gemm}'s kernels on it, so the decoding is shared by the tokens of a unit (all of them, or
 * a block of {@link #MIN_TOKEN_BLOCK} in a long prefill). Both give every output element the same FMA chain over k
 * from zero on the same decoded values, so a token's result depends neither on how many tokens share its step nor on
 * the threads or the split.
 */
abstract class DecodedPanelGemm {
    /** Steps with fewer tokens than this widen in registers per token instead of decoding into a shared buffer. */
    static final int FUSED_BELOW = 4;

    /** Fewest tokens in a unit of a step split by tokens too (see {@link #tokenBlock}); a multiple of TOKEN_BLOCK. */
    static final int MIN_TOKEN_BLOCK = 256;

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

    /**
     * Tokens per unit of parallel work: all of them for a step of up to {@code 2 * MIN_TOKEN_BLOCK} tokens, else
     * {@code MIN_TOKEN_BLOCK}. A matrix has few panel groups (9 for a 576-row one), so a long prefill split by groups
     * alone leaves one thread a whole group more than the other. Each unit range decodes its groups again: one widen
     * per weight against at least 256 multiply-adds per weight in the unit.
     */
    static int tokenBlock(int nTokens) {
        return nTokens < 2 * MIN_TOKEN_BLOCK ? Math.max(1, nTokens) : MIN_TOKEN_BLOCK;
    }

    /** Units of {@link #gemmUnits}: panel groups × blocks of {@code tokenBlock} tokens. */
    final int units(int nTokens, int tokenBlock) {
        return F32Gemm.groups(rows) * ((nTokens + tokenBlock - 1) / tokenBlock);
    }

    /**
     * Units [from, to) of {@link #units}, group-major: consecutive units share a panel group, which a range decodes
     * once for all of its token blocks.
     */
    final void gemmUnits(float[] x, int nTokens, int tokenBlock, float[] out, int from, int to) {
        int panelCount = F32Gemm.panelCount(rows);
        int blocks = (nTokens + tokenBlock - 1) / tokenBlock;
        if (nTokens < FUSED_BELOW) {
            for (int g = from; g < to; g++) {
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
        int decoded = -1;
        for (int u = from; u < to; u++) {
            int g = u / blocks;
            int p0 = 4 * g;
            int p1 = Math.min(p0 + 4, panelCount);
            if (g != decoded) {
                for (int p = p0; p < p1; p++) decodePanel(p, buf, (p - p0) * cols * F32Gemm.L);
                decoded = g;
            }
            int tStart = (u % blocks) * tokenBlock;
            int tEnd = Math.min(nTokens, tStart + tokenBlock);
            for (int t = tStart; t < tEnd; t += F32Gemm.TOKEN_BLOCK) {
                F32Gemm.gemm(buf, p0, rows, cols, x, t, Math.min(tEnd, t + F32Gemm.TOKEN_BLOCK), out, p0, p1);
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

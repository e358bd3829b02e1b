package dev.sparkllm.engine.backend.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * F32 weights × a token batch with weights in k-major panels (see {@code F32Tensor.panels}): for every column k,
 * one vector load of a panel's weights and one broadcast of each token's activation feed {@code L} independent FMAs.
 * Each output lane accumulates its own row's products in column order, {@code acc = fma(w[k], x[k], acc)} from zero:
 * no horizontal sums, and exactly the same operations whichever kernel (4 panels × 4 tokens, 4 × 2, 4 × 1 or 1 × 1)
 * computes an element — so results never depend on how many tokens share the step or how rows are split over threads.
 *
 * <pre>
 *   panel p (rows pL .. pL+L-1):  k=0: [w(pL,0) .. w(pL+L-1,0)]  k=1: [w(pL,1) ..]  ...   (cols vectors)
 *   out[t*rows + r]  for tokens t (outer blocks of 4) and rows r (panels)
 * </pre>
 */
final class F32Gemm {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    static final int L = F.length();

    private F32Gemm() { }

    /** Most tokens per unit of parallel work: a multiple of the widest kernel's 4, enough to amortise a dispatch. */
    static final int TOKEN_BLOCK = 32;

    /**
     * Tokens per unit for a product of {@code rows} rows and {@code nTokens} tokens split into at least
     * {@code minUnits} units where possible: small matrices (a 192-row K projection is 3 panel groups) are also split
     * over tokens, so that no thread waits on another's larger share. A multiple of 4 in [4, {@link #TOKEN_BLOCK}].
     */
    static int tokenBlock(int rows, int nTokens, int minUnits) {
        long wanted = ((long) nTokens * groups(rows) + minUnits - 1) / minUnits;
        return (int) Math.max(4, Math.min(TOKEN_BLOCK, (wanted + 3) / 4 * 4));
    }

    /** Units of parallel work for {@link #gemmUnits}: groups of 4 panels × blocks of {@code tokenBlock} tokens. */
    static int units(int rows, int nTokens, int tokenBlock) {
        return groups(rows) * ((nTokens + tokenBlock - 1) / tokenBlock);
    }

    /**
     * Units [from, to) of {@link #units}. Consecutive units share a panel group (it stays in cache while the token
     * blocks pass over it), so a contiguous range keeps the weights it reads to few groups.
     */
    static void gemmUnits(float[] panels, int rows, int cols, float[] x, int nTokens, int tokenBlock, float[] out,
                          int from, int to) {
        int blocks = (nTokens + tokenBlock - 1) / tokenBlock;
        int panelCount = panelCount(rows);
        for (int u = from; u < to; u++) {
            int p = (u / blocks) * 4;
            int t = (u % blocks) * tokenBlock;
            gemm(panels, 0, rows, cols, x, t, Math.min(nTokens, t + tokenBlock), out, p, Math.min(p + 4, panelCount));
        }
    }

    /**
     * Rows of panels [panelFrom, panelTo) for tokens [tFrom, tTo), reading panel p's weights at
     * {@code w[(p - p0) * cols * L ..]}: p0 = 0 for a whole matrix, the first panel for a decoded group.
     */
    static void gemm(float[] w, int p0, int rows, int cols, float[] x, int tFrom, int tTo, float[] out, int panelFrom,
                     int panelTo) {
        // Four panels × four tokens per kernel: 4 weight loads and 4 broadcasts feed 16 FMAs, few enough shuffles
        // that the FMA pipes stay busy. Leftover tokens use kernels with fewer tokens but still 4 panels, so each keeps
        // several independent FMA chains in flight.
        int p = panelFrom;
        for (; p + 4 <= panelTo; p += 4) {
            int t = tFrom;
            for (; t + 4 <= tTo; t += 4) kernel4x4(w, p0, rows, cols, x, t, out, p);
            if (t + 2 <= tTo) {
                kernel4x2(w, p0, rows, cols, x, t, out, p);
                t += 2;
            }
            if (t < tTo) kernel4x1(w, p0, rows, cols, x, t, out, p);
        }
        for (; p < panelTo; p++) {
            for (int t = tFrom; t < tTo; t++) kernel1x1(w, p0, rows, cols, x, t, out, p);
        }
    }

    static int groups(int rows) {
        return (panelCount(rows) + 3) / 4;
    }

    static int panelCount(int rows) {
        return (rows + L - 1) / L;
    }

    private static void kernel4x4(float[] w, int p0, int rows, int cols, float[] x, int t, float[] out, int p) {
        int b0 = (p - p0) * cols * L;
        int b1 = b0 + cols * L;
        int b2 = b1 + cols * L;
        int b3 = b2 + cols * L;
        int x0 = t * cols;
        int x1 = x0 + cols;
        int x2 = x1 + cols;
        int x3 = x2 + cols;
        FloatVector a00 = FloatVector.zero(F), a10 = FloatVector.zero(F), a20 = FloatVector.zero(F), a30 = FloatVector.zero(F);
        FloatVector a01 = FloatVector.zero(F), a11 = FloatVector.zero(F), a21 = FloatVector.zero(F), a31 = FloatVector.zero(F);
        FloatVector a02 = FloatVector.zero(F), a12 = FloatVector.zero(F), a22 = FloatVector.zero(F), a32 = FloatVector.zero(F);
        FloatVector a03 = FloatVector.zero(F), a13 = FloatVector.zero(F), a23 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        for (int k = 0; k < cols; k++) {
            FloatVector w0 = FloatVector.fromArray(F, w, b0 + k * L);
            FloatVector w1 = FloatVector.fromArray(F, w, b1 + k * L);
            FloatVector w2 = FloatVector.fromArray(F, w, b2 + k * L);
            FloatVector w3 = FloatVector.fromArray(F, w, b3 + k * L);
            FloatVector v = FloatVector.broadcast(F, x[x0 + k]);
            a00 = w0.fma(v, a00);
            a10 = w1.fma(v, a10);
            a20 = w2.fma(v, a20);
            a30 = w3.fma(v, a30);
            v = FloatVector.broadcast(F, x[x1 + k]);
            a01 = w0.fma(v, a01);
            a11 = w1.fma(v, a11);
            a21 = w2.fma(v, a21);
            a31 = w3.fma(v, a31);
            v = FloatVector.broadcast(F, x[x2 + k]);
            a02 = w0.fma(v, a02);
            a12 = w1.fma(v, a12);
            a22 = w2.fma(v, a22);
            a32 = w3.fma(v, a32);
            v = FloatVector.broadcast(F, x[x3 + k]);
            a03 = w0.fma(v, a03);
            a13 = w1.fma(v, a13);
            a23 = w2.fma(v, a23);
            a33 = w3.fma(v, a33);
        }
        store(a00, out, rows, t, p);
        store(a10, out, rows, t, p + 1);
        store(a20, out, rows, t, p + 2);
        store(a30, out, rows, t, p + 3);
        store(a01, out, rows, t + 1, p);
        store(a11, out, rows, t + 1, p + 1);
        store(a21, out, rows, t + 1, p + 2);
        store(a31, out, rows, t + 1, p + 3);
        store(a02, out, rows, t + 2, p);
        store(a12, out, rows, t + 2, p + 1);
        store(a22, out, rows, t + 2, p + 2);
        store(a32, out, rows, t + 2, p + 3);
        store(a03, out, rows, t + 3, p);
        store(a13, out, rows, t + 3, p + 1);
        store(a23, out, rows, t + 3, p + 2);
        store(a33, out, rows, t + 3, p + 3);
    }

    private static void kernel4x2(float[] w, int p0, int rows, int cols, float[] x, int t, float[] out, int p) {
        int b0 = (p - p0) * cols * L;
        int b1 = b0 + cols * L;
        int b2 = b1 + cols * L;
        int b3 = b2 + cols * L;
        int x0 = t * cols;
        int x1 = x0 + cols;
        FloatVector a00 = FloatVector.zero(F), a10 = FloatVector.zero(F), a20 = FloatVector.zero(F), a30 = FloatVector.zero(F);
        FloatVector a01 = FloatVector.zero(F), a11 = FloatVector.zero(F), a21 = FloatVector.zero(F), a31 = FloatVector.zero(F);
        for (int k = 0; k < cols; k++) {
            FloatVector w0 = FloatVector.fromArray(F, w, b0 + k * L);
            FloatVector w1 = FloatVector.fromArray(F, w, b1 + k * L);
            FloatVector w2 = FloatVector.fromArray(F, w, b2 + k * L);
            FloatVector w3 = FloatVector.fromArray(F, w, b3 + k * L);
            FloatVector v = FloatVector.broadcast(F, x[x0 + k]);
            a00 = w0.fma(v, a00);
            a10 = w1.fma(v, a10);
            a20 = w2.fma(v, a20);
            a30 = w3.fma(v, a30);
            v = FloatVector.broadcast(F, x[x1 + k]);
            a01 = w0.fma(v, a01);
            a11 = w1.fma(v, a11);
            a21 = w2.fma(v, a21);
            a31 = w3.fma(v, a31);
        }
        store(a00, out, rows, t, p);
        store(a10, out, rows, t, p + 1);
        store(a20, out, rows, t, p + 2);
        store(a30, out, rows, t, p + 3);
        store(a01, out, rows, t + 1, p);
        store(a11, out, rows, t + 1, p + 1);
        store(a21, out, rows, t + 1, p + 2);
        store(a31, out, rows, t + 1, p + 3);
    }

    private static void kernel4x1(float[] w, int p0, int rows, int cols, float[] x, int t, float[] out, int p) {
        int b0 = (p - p0) * cols * L;
        int b1 = b0 + cols * L;
        int b2 = b1 + cols * L;
        int b3 = b2 + cols * L;
        int x0 = t * cols;
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        for (int k = 0; k < cols; k++) {
            FloatVector v = FloatVector.broadcast(F, x[x0 + k]);
            a0 = FloatVector.fromArray(F, w, b0 + k * L).fma(v, a0);
            a1 = FloatVector.fromArray(F, w, b1 + k * L).fma(v, a1);
            a2 = FloatVector.fromArray(F, w, b2 + k * L).fma(v, a2);
            a3 = FloatVector.fromArray(F, w, b3 + k * L).fma(v, a3);
        }
        store(a0, out, rows, t, p);
        store(a1, out, rows, t, p + 1);
        store(a2, out, rows, t, p + 2);
        store(a3, out, rows, t, p + 3);
    }

    private static void kernel1x1(float[] w, int p0, int rows, int cols, float[] x, int t, float[] out, int p) {
        int b = (p - p0) * cols * L;
        int x0 = t * cols;
        FloatVector a = FloatVector.zero(F);
        for (int k = 0; k < cols; k++) a = FloatVector.fromArray(F, w, b + k * L).fma(FloatVector.broadcast(F, x[x0 + k]), a);
        store(a, out, rows, t, p);
    }

    /** Writes a panel's results for one token; the padded lanes of the last panel are not written. */
    private static void store(FloatVector acc, float[] out, int rows, int t, int p) {
        int r0 = p * L;
        if (r0 + L <= rows) {
            acc.intoArray(out, t * rows + r0);
        } else {
            VectorMask<Float> m = F.indexInRange(r0, rows);
            acc.intoArray(out, t * rows + r0, m);
        }
    }
}

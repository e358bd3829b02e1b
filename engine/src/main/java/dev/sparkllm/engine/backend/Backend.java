package dev.sparkllm.engine.backend;

import dev.sparkllm.engine.kv.KvCacheView;
import dev.sparkllm.engine.weights.Tensor;

/**
 * The numeric primitives a forward pass needs. Every output element is computed with a reduction order that depends
 * only on the operands' lengths — never on how many tokens are batched or how work is split over threads — so a
 * request's results are bit-identical whatever else shares its batch.
 */
public interface Backend extends AutoCloseable {

    String name();

    /**
     * {@code out[t*rows + r] = w.row(r) · x[t*cols ..]} for {@code t < nTokens}: the weight matrix applied to a whole
     * token batch (activations row-major, one token per row).
     */
    void matmul(Tensor w, float[] x, int nTokens, float[] out);

    /**
     * Several weight matrices applied to the same token batch ({@code outs[i]} receives {@code ws[i]} · x), with the
     * same results as one {@link #matmul(Tensor, float[], int, float[])} each: the Q, K and V projections, or gate and
     * up. A backend may run them as one parallel operation.
     */
    default void matmul(Tensor[] ws, float[] x, int nTokens, float[][] outs) {
        for (int i = 0; i < ws.length; i++) matmul(ws[i], x, nTokens, outs[i]);
    }

    float sumOfSquares(float[] a, int off, int n);

    /** The MLP activation: {@code gate[i] = silu(gate[i]) * up[i]} for i in [off, off + n), one token's row. */
    default void siluMul(float[] gate, float[] up, int off, int n) {
        for (int i = off; i < off + n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }

    /** Softmax of {@code scale × a[off .. off+n)} in place: one head's attention scores. */
    default void softmax(float[] a, int off, int n, float scale) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = off; j < off + n; j++) {
            a[j] *= scale;
            max = Math.max(max, a[j]);
        }
        float sum = 0f;
        for (int j = off; j < off + n; j++) {
            float e = (float) Math.exp(a[j] - max);
            a[j] = e;
            sum += e;
        }
        float inv = 1f / sum;
        for (int j = off; j < off + n; j++) a[j] *= inv;
    }

    /**
     * Attention scores of {@code heads} query heads that share one KV head (grouped-query attention) against positions
     * [0, len): for head g (its query at {@code q[qOff + g*headDim ..]}),
     * {@code scores[sOff + g*sStride + j] = sum over i of key(j)[kvOff + i] * q[qOff + g*headDim + i]}, summed in
     * dimension order with one rounding per term (fused multiply-add), so every backend's result for a position is
     * independent of the block layout, of how many positions or heads are computed together.
     *
     * @param kvOff first key dimension of the KV head: kvHead × headDim
     * @param scores receives the scores; in each head's row, entries from {@code len} up to len rounded up to the
     *               cache's block size may be overwritten with meaningless values, so leave room for them
     */
    void attentionScores(float[] q, int qOff, int heads, KvCacheView cache, int layer, int kvOff, int headDim, int len,
                         float[] scores, int sOff, int sStride);

    /**
     * The attention-weighted sums of one KV head's values over positions [0, len) for {@code heads} query heads:
     * {@code out[outOff + g*headDim + i] = sum over j of p[pOff + g*pStride + j] * value(j)[kvOff + i]}, accumulated in
     * position order with fused multiply-adds from zero.
     */
    void attentionValues(float[] p, int pOff, int pStride, int heads, KvCacheView cache, int layer, int kvOff,
                         int headDim, int len, float[] out, int outOff);

    /**
     * Lays out a weight matrix the way this backend's kernels read it, ahead of the first step, so that the memory it
     * takes is claimed at start-up (where running out is a clear error) rather than in the middle of a batch.
     */
    default void prepare(Tensor weight) { }

    /** A piece of parallel work: units [from, to). */
    interface Range {
        void run(int from, int to);
    }

    /**
     * Runs {@code range} over [0, units) in contiguous pieces, on the backend's threads when {@code work} (about how
     * many multiply-adds it all takes) is worth handing off. Units must be independent of each other.
     */
    default void parallelFor(int units, long work, Range range) {
        range.run(0, units);
    }

    @Override
    default void close() { }
}

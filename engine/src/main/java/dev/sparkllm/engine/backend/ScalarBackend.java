package dev.sparkllm.engine.backend;

import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.kv.KvCacheView;
import dev.sparkllm.engine.weights.Tensor;

/**
 * Plain-Java reference backend: one thread, left-to-right sums, obviously correct. It is the oracle faster backends
 * are tested against, and the fallback when the Vector API module is not enabled.
 */
public final class ScalarBackend implements Backend {

    @Override
    public String name() { return "scalar"; }

    @Override
    public void matmul(Tensor w, float[] x, int nTokens, float[] out) {
        int rows = w.rows();
        int cols = w.cols();
        for (int t = 0; t < nTokens; t++) {
            for (int r = 0; r < rows; r++) out[t * rows + r] = w.dot(r, x, t * cols);
        }
    }

    @Override
    public void attentionScores(float[] q, int qOff, int heads, KvCacheView cache, int layer, int kvOff, int headDim,
                                int len, float[] scores, int sOff, int sStride) {
        for (int h = 0; h < heads; h++) {
            scalarScores(q, qOff + h * headDim, cache, layer, kvOff, headDim, 0, len, scores, sOff + h * sStride);
        }
    }

    @Override
    public void attentionValues(float[] p, int pOff, int pStride, int heads, KvCacheView cache, int layer, int kvOff,
                                int headDim, int len, float[] out, int outOff) {
        for (int h = 0; h < heads; h++) {
            scalarValues(p, pOff + h * pStride, cache, layer, kvOff, 0, headDim, len, out, outOff + h * headDim);
        }
    }

    /** Dimensions [from, to) of the weighted value sum, element by element: the reference for every backend. */
    public static void scalarValues(float[] p, int pOff, KvCacheView cache, int layer, int kvOff, int from, int to, int len,
                                    float[] out, int outOff) {
        Object values = cache.valueStore(layer);
        KvCacheDtype dtype = cache.dtype();
        for (int i = from; i < to; i++) {
            float acc = 0f;
            for (int j = 0; j < len; j++) acc = Math.fma(dtype.get(values, cache.valueOffset(j) + kvOff + i), p[pOff + j], acc);
            out[outOff + i] = acc;
        }
    }

    /** Scores of positions [from, to), position by position: the reference for every backend. */
    public static void scalarScores(float[] q, int qOff, KvCacheView cache, int layer, int kvOff, int headDim, int from,
                                    int to, float[] scores, int sOff) {
        Object keys = cache.keyStore(layer);
        KvCacheDtype dtype = cache.dtype();
        int bs = cache.blockSize();
        for (int j = from; j < to; j++) {
            int base = cache.blockBase(j) + (j & (bs - 1)) + kvOff * bs;
            float acc = 0f;
            for (int i = 0; i < headDim; i++) acc = Math.fma(dtype.get(keys, base + i * bs), q[qOff + i], acc);
            scores[sOff + j] = acc;
        }
    }

    @Override
    public float sumOfSquares(float[] a, int off, int n) {
        float s = 0f;
        for (int i = 0; i < n; i++) s += a[off + i] * a[off + i];
        return s;
    }
}

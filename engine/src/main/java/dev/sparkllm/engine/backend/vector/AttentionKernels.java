package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.backend.ScalarBackend;
import dev.sparkllm.engine.kv.KvCacheView;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * PagedAttention on the Vector API, over any cache element type through {@link KvVectors}. Keys are dimension-major inside each KV block (see {@link KvCacheView}), so
 * for a block of positions one vector holds the same key dimension of {@code L} consecutive positions: broadcasting
 * the query's dimension i and FMA-ing over i gives {@code L} scores at once, each lane summing its own position in
 * dimension order — the same operations, lane by lane, as {@link ScalarBackend#scalarScores}, which also covers block
 * sizes smaller than the vector.
 */
final class AttentionKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private AttentionKernels() { }

    /** Scores of {@code heads} query heads (consecutive in {@code q}) sharing one KV head; see Backend#attentionScores. */
    static void scores(float[] q, int qOff, int heads, KvCacheView cache, int layer, int kvOff, int headDim, int len,
                       float[] scores, int sOff, int sStride) {
        int bs = cache.blockSize();
        if (bs % L != 0 || !KvVectors.supports(cache.dtype())) {
            for (int h = 0; h < heads; h++) {
                ScalarBackend.scalarScores(q, qOff + h * headDim, cache, layer, kvOff, headDim, 0, len, scores, sOff + h * sStride);
            }
            return;
        }
        KvVectors keys = KvVectors.keys(cache, layer);
        // Up to four heads per pass: each key vector loaded once feeds one independent FMA chain per head. Three or four
        // heads take two vectors of positions at a time, so that 6-8 chains hide the FMA latency.
        int vectors = (len + L - 1) / L;
        for (int h = 0; h < heads; h += 4) {
            int n = Math.min(4, heads - h);
            int qh = qOff + h * headDim;
            int sh = sOff + h * sStride;
            // Lanes past the last position hold sums over slots not yet written: stored (the caller leaves room up to
            // the block boundary, see Backend#attentionScores) and never read. An unmasked store is much cheaper than a
            // masked one here.
            int v = 0;
            if (n >= 3) {
                for (; v + 2 <= vectors; v += 2) {
                    int p0 = v * L;
                    int k0 = cache.keyOffset(p0, kvOff);
                    int k1 = cache.keyOffset(p0 + L, kvOff);
                    if (n == 3) {
                        scores3x2(q, qh, headDim, keys, k0, k1, bs, scores, sh + p0, sStride);
                    } else {
                        scores4x2(q, qh, headDim, keys, k0, k1, bs, scores, sh + p0, sStride);
                    }
                }
            }
            for (; v < vectors; v++) {
                int p0 = v * L;
                int k0 = cache.keyOffset(p0, kvOff);
                switch (n) {
                    case 1 -> scores1(q, qh, headDim, keys, k0, bs, scores, sh + p0);
                    case 2 -> scores2(q, qh, headDim, keys, k0, bs, scores, sh + p0, sStride);
                    case 3 -> scores3(q, qh, headDim, keys, k0, bs, scores, sh + p0, sStride);
                    default -> scores4(q, qh, headDim, keys, k0, bs, scores, sh + p0, sStride);
                }
            }
        }
    }

    /** Three heads × two vectors of positions (at key offsets k0 and k1, each dimension {@code bs} floats apart). */
    private static void scores3x2(float[] q, int qOff, int headDim, KvVectors keys, int k0, int k1, int bs,
                                  float[] scores, int sOff, int sStride) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F);
        FloatVector b0 = FloatVector.zero(F), b1 = FloatVector.zero(F), b2 = FloatVector.zero(F);
        for (int i = 0; i < headDim; i++) {
            FloatVector x = keys.at(k0 + i * bs);
            FloatVector y = keys.at(k1 + i * bs);
            FloatVector q0 = FloatVector.broadcast(F, q[qOff + i]);
            FloatVector q1 = FloatVector.broadcast(F, q[qOff + headDim + i]);
            FloatVector q2 = FloatVector.broadcast(F, q[qOff + 2 * headDim + i]);
            a0 = x.fma(q0, a0);
            a1 = x.fma(q1, a1);
            a2 = x.fma(q2, a2);
            b0 = y.fma(q0, b0);
            b1 = y.fma(q1, b1);
            b2 = y.fma(q2, b2);
        }
        a0.intoArray(scores, sOff);
        a1.intoArray(scores, sOff + sStride);
        a2.intoArray(scores, sOff + 2 * sStride);
        b0.intoArray(scores, sOff + L);
        b1.intoArray(scores, sOff + sStride + L);
        b2.intoArray(scores, sOff + 2 * sStride + L);
    }

    /** Four heads × two vectors of positions; see {@link #scores3x2}. */
    private static void scores4x2(float[] q, int qOff, int headDim, KvVectors keys, int k0, int k1, int bs,
                                  float[] scores, int sOff, int sStride) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        FloatVector b0 = FloatVector.zero(F), b1 = FloatVector.zero(F), b2 = FloatVector.zero(F), b3 = FloatVector.zero(F);
        for (int i = 0; i < headDim; i++) {
            FloatVector x = keys.at(k0 + i * bs);
            FloatVector y = keys.at(k1 + i * bs);
            FloatVector q0 = FloatVector.broadcast(F, q[qOff + i]);
            FloatVector q1 = FloatVector.broadcast(F, q[qOff + headDim + i]);
            FloatVector q2 = FloatVector.broadcast(F, q[qOff + 2 * headDim + i]);
            FloatVector q3 = FloatVector.broadcast(F, q[qOff + 3 * headDim + i]);
            a0 = x.fma(q0, a0);
            a1 = x.fma(q1, a1);
            a2 = x.fma(q2, a2);
            a3 = x.fma(q3, a3);
            b0 = y.fma(q0, b0);
            b1 = y.fma(q1, b1);
            b2 = y.fma(q2, b2);
            b3 = y.fma(q3, b3);
        }
        a0.intoArray(scores, sOff);
        a1.intoArray(scores, sOff + sStride);
        a2.intoArray(scores, sOff + 2 * sStride);
        a3.intoArray(scores, sOff + 3 * sStride);
        b0.intoArray(scores, sOff + L);
        b1.intoArray(scores, sOff + sStride + L);
        b2.intoArray(scores, sOff + 2 * sStride + L);
        b3.intoArray(scores, sOff + 3 * sStride + L);
    }

    /**
     * Weighted value sums of {@code heads} query heads sharing one KV head, with the outputs kept in registers across
     * all positions (four vectors of dimensions per head at a time); each output element is the same position-ordered
     * FMA chain as {@link ScalarBackend#scalarValues}.
     */
    static void values(float[] p, int pOff, int pStride, int heads, KvCacheView cache, int layer, int kvOff, int headDim,
                       int len, float[] out, int outOff) {
        if (!KvVectors.supports(cache.dtype())) {
            for (int h = 0; h < heads; h++) {
                ScalarBackend.scalarValues(p, pOff + h * pStride, cache, layer, kvOff, 0, headDim, len, out, outOff + h * headDim);
            }
            return;
        }
        KvVectors v = KvVectors.values(cache, layer);
        int wide = headDim / (4 * L) * (4 * L);
        for (int h = 0; h < heads; h += 4) {
            int n = Math.min(4, heads - h);
            int ph = pOff + h * pStride;
            int oh = outOff + h * headDim;
            for (int i = 0; i < wide; i += 4 * L) {
                switch (n) {
                    case 1 -> values1(p, ph, pStride, cache, v, kvOff, headDim, i, len, out, oh);
                    case 2 -> values2(p, ph, pStride, cache, v, kvOff, headDim, i, len, out, oh);
                    case 3 -> values3(p, ph, pStride, cache, v, kvOff, headDim, i, len, out, oh);
                    default -> values4(p, ph, pStride, cache, v, kvOff, headDim, i, len, out, oh);
                }
            }
        }
        if (wide == headDim) return;
        for (int h = 0; h < heads; h++) {
            int ph = pOff + h * pStride;
            int oh = outOff + h * headDim;
            int i = wide;
            for (; i + L <= headDim; i += L) {
                FloatVector a = FloatVector.zero(F);
                for (int j = 0; j < len; j++) {
                    a = v.at(cache.valueOffset(j) + kvOff + i).fma(FloatVector.broadcast(F, p[ph + j]), a);
                }
                a.intoArray(out, oh + i);
            }
            if (i < headDim) ScalarBackend.scalarValues(p, ph, cache, layer, kvOff, i, headDim, len, out, oh);
        }
    }

    // One kernel per head count (1-4) below: accumulators must be separate locals for C2 to keep them in registers
    // (an array of vectors falls off a cliff, see BUILD-NOTES), so the unrolling cannot be a loop over heads.

    private static void scores1(float[] q, int qOff, int headDim, KvVectors keys, int k0, int bs,
                                float[] scores, int sOff) {
        FloatVector a0 = FloatVector.zero(F);
        for (int i = 0; i < headDim; i++) {
            FloatVector k = keys.at(k0 + i * bs);
            a0 = k.fma(FloatVector.broadcast(F, q[qOff + i]), a0);
        }
        a0.intoArray(scores, sOff);
    }

    private static void scores2(float[] q, int qOff, int headDim, KvVectors keys, int k0, int bs,
                                float[] scores, int sOff, int sStride) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F);
        for (int i = 0; i < headDim; i++) {
            FloatVector k = keys.at(k0 + i * bs);
            a0 = k.fma(FloatVector.broadcast(F, q[qOff + i]), a0);
            a1 = k.fma(FloatVector.broadcast(F, q[qOff + 1 * headDim + i]), a1);
        }
        a0.intoArray(scores, sOff);
        a1.intoArray(scores, sOff + 1 * sStride);
    }

    private static void scores3(float[] q, int qOff, int headDim, KvVectors keys, int k0, int bs,
                                float[] scores, int sOff, int sStride) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F);
        for (int i = 0; i < headDim; i++) {
            FloatVector k = keys.at(k0 + i * bs);
            a0 = k.fma(FloatVector.broadcast(F, q[qOff + i]), a0);
            a1 = k.fma(FloatVector.broadcast(F, q[qOff + 1 * headDim + i]), a1);
            a2 = k.fma(FloatVector.broadcast(F, q[qOff + 2 * headDim + i]), a2);
        }
        a0.intoArray(scores, sOff);
        a1.intoArray(scores, sOff + 1 * sStride);
        a2.intoArray(scores, sOff + 2 * sStride);
    }

    private static void scores4(float[] q, int qOff, int headDim, KvVectors keys, int k0, int bs,
                                float[] scores, int sOff, int sStride) {
        FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
        for (int i = 0; i < headDim; i++) {
            FloatVector k = keys.at(k0 + i * bs);
            a0 = k.fma(FloatVector.broadcast(F, q[qOff + i]), a0);
            a1 = k.fma(FloatVector.broadcast(F, q[qOff + 1 * headDim + i]), a1);
            a2 = k.fma(FloatVector.broadcast(F, q[qOff + 2 * headDim + i]), a2);
            a3 = k.fma(FloatVector.broadcast(F, q[qOff + 3 * headDim + i]), a3);
        }
        a0.intoArray(scores, sOff);
        a1.intoArray(scores, sOff + 1 * sStride);
        a2.intoArray(scores, sOff + 2 * sStride);
        a3.intoArray(scores, sOff + 3 * sStride);
    }

    private static void values1(float[] p, int pOff, int pStride, KvCacheView cache, KvVectors v, int kvOff, int headDim,
                                int i, int len, float[] out, int outOff) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        int mask = cache.blockSize() - 1;
        int kvDim = cache.kvDim();
        for (int j = 0, base = 0; j < len; j++, base += kvDim) {
            if ((j & mask) == 0) base = cache.blockBase(j) + kvOff + i;
            FloatVector v0 = v.at(base);
            FloatVector v1 = v.at(base + L);
            FloatVector v2 = v.at(base + 2 * L);
            FloatVector v3 = v.at(base + 3 * L);
            FloatVector w0 = FloatVector.broadcast(F, p[pOff + j]);
            a00 = v0.fma(w0, a00);
            a01 = v1.fma(w0, a01);
            a02 = v2.fma(w0, a02);
            a03 = v3.fma(w0, a03);
        }
        a00.intoArray(out, outOff + i);
        a01.intoArray(out, outOff + i + L);
        a02.intoArray(out, outOff + i + 2 * L);
        a03.intoArray(out, outOff + i + 3 * L);
    }

    private static void values2(float[] p, int pOff, int pStride, KvCacheView cache, KvVectors v, int kvOff, int headDim,
                                int i, int len, float[] out, int outOff) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        int mask = cache.blockSize() - 1;
        int kvDim = cache.kvDim();
        for (int j = 0, base = 0; j < len; j++, base += kvDim) {
            if ((j & mask) == 0) base = cache.blockBase(j) + kvOff + i;
            FloatVector v0 = v.at(base);
            FloatVector v1 = v.at(base + L);
            FloatVector v2 = v.at(base + 2 * L);
            FloatVector v3 = v.at(base + 3 * L);
            FloatVector w0 = FloatVector.broadcast(F, p[pOff + j]);
            a00 = v0.fma(w0, a00);
            a01 = v1.fma(w0, a01);
            a02 = v2.fma(w0, a02);
            a03 = v3.fma(w0, a03);
            FloatVector w1 = FloatVector.broadcast(F, p[pOff + 1 * pStride + j]);
            a10 = v0.fma(w1, a10);
            a11 = v1.fma(w1, a11);
            a12 = v2.fma(w1, a12);
            a13 = v3.fma(w1, a13);
        }
        a00.intoArray(out, outOff + i);
        a01.intoArray(out, outOff + i + L);
        a02.intoArray(out, outOff + i + 2 * L);
        a03.intoArray(out, outOff + i + 3 * L);
        a10.intoArray(out, outOff + 1 * headDim + i);
        a11.intoArray(out, outOff + 1 * headDim + i + L);
        a12.intoArray(out, outOff + 1 * headDim + i + 2 * L);
        a13.intoArray(out, outOff + 1 * headDim + i + 3 * L);
    }

    private static void values3(float[] p, int pOff, int pStride, KvCacheView cache, KvVectors v, int kvOff, int headDim,
                                int i, int len, float[] out, int outOff) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        int mask = cache.blockSize() - 1;
        int kvDim = cache.kvDim();
        for (int j = 0, base = 0; j < len; j++, base += kvDim) {
            if ((j & mask) == 0) base = cache.blockBase(j) + kvOff + i;
            FloatVector v0 = v.at(base);
            FloatVector v1 = v.at(base + L);
            FloatVector v2 = v.at(base + 2 * L);
            FloatVector v3 = v.at(base + 3 * L);
            FloatVector w0 = FloatVector.broadcast(F, p[pOff + j]);
            a00 = v0.fma(w0, a00);
            a01 = v1.fma(w0, a01);
            a02 = v2.fma(w0, a02);
            a03 = v3.fma(w0, a03);
            FloatVector w1 = FloatVector.broadcast(F, p[pOff + 1 * pStride + j]);
            a10 = v0.fma(w1, a10);
            a11 = v1.fma(w1, a11);
            a12 = v2.fma(w1, a12);
            a13 = v3.fma(w1, a13);
            FloatVector w2 = FloatVector.broadcast(F, p[pOff + 2 * pStride + j]);
            a20 = v0.fma(w2, a20);
            a21 = v1.fma(w2, a21);
            a22 = v2.fma(w2, a22);
            a23 = v3.fma(w2, a23);
        }
        a00.intoArray(out, outOff + i);
        a01.intoArray(out, outOff + i + L);
        a02.intoArray(out, outOff + i + 2 * L);
        a03.intoArray(out, outOff + i + 3 * L);
        a10.intoArray(out, outOff + 1 * headDim + i);
        a11.intoArray(out, outOff + 1 * headDim + i + L);
        a12.intoArray(out, outOff + 1 * headDim + i + 2 * L);
        a13.intoArray(out, outOff + 1 * headDim + i + 3 * L);
        a20.intoArray(out, outOff + 2 * headDim + i);
        a21.intoArray(out, outOff + 2 * headDim + i + L);
        a22.intoArray(out, outOff + 2 * headDim + i + 2 * L);
        a23.intoArray(out, outOff + 2 * headDim + i + 3 * L);
    }

    private static void values4(float[] p, int pOff, int pStride, KvCacheView cache, KvVectors v, int kvOff, int headDim,
                                int i, int len, float[] out, int outOff) {
        FloatVector a00 = FloatVector.zero(F), a01 = FloatVector.zero(F), a02 = FloatVector.zero(F), a03 = FloatVector.zero(F);
        FloatVector a10 = FloatVector.zero(F), a11 = FloatVector.zero(F), a12 = FloatVector.zero(F), a13 = FloatVector.zero(F);
        FloatVector a20 = FloatVector.zero(F), a21 = FloatVector.zero(F), a22 = FloatVector.zero(F), a23 = FloatVector.zero(F);
        FloatVector a30 = FloatVector.zero(F), a31 = FloatVector.zero(F), a32 = FloatVector.zero(F), a33 = FloatVector.zero(F);
        int mask = cache.blockSize() - 1;
        int kvDim = cache.kvDim();
        for (int j = 0, base = 0; j < len; j++, base += kvDim) {
            if ((j & mask) == 0) base = cache.blockBase(j) + kvOff + i;
            FloatVector v0 = v.at(base);
            FloatVector v1 = v.at(base + L);
            FloatVector v2 = v.at(base + 2 * L);
            FloatVector v3 = v.at(base + 3 * L);
            FloatVector w0 = FloatVector.broadcast(F, p[pOff + j]);
            a00 = v0.fma(w0, a00);
            a01 = v1.fma(w0, a01);
            a02 = v2.fma(w0, a02);
            a03 = v3.fma(w0, a03);
            FloatVector w1 = FloatVector.broadcast(F, p[pOff + 1 * pStride + j]);
            a10 = v0.fma(w1, a10);
            a11 = v1.fma(w1, a11);
            a12 = v2.fma(w1, a12);
            a13 = v3.fma(w1, a13);
            FloatVector w2 = FloatVector.broadcast(F, p[pOff + 2 * pStride + j]);
            a20 = v0.fma(w2, a20);
            a21 = v1.fma(w2, a21);
            a22 = v2.fma(w2, a22);
            a23 = v3.fma(w2, a23);
            FloatVector w3 = FloatVector.broadcast(F, p[pOff + 3 * pStride + j]);
            a30 = v0.fma(w3, a30);
            a31 = v1.fma(w3, a31);
            a32 = v2.fma(w3, a32);
            a33 = v3.fma(w3, a33);
        }
        a00.intoArray(out, outOff + i);
        a01.intoArray(out, outOff + i + L);
        a02.intoArray(out, outOff + i + 2 * L);
        a03.intoArray(out, outOff + i + 3 * L);
        a10.intoArray(out, outOff + 1 * headDim + i);
        a11.intoArray(out, outOff + 1 * headDim + i + L);
        a12.intoArray(out, outOff + 1 * headDim + i + 2 * L);
        a13.intoArray(out, outOff + 1 * headDim + i + 3 * L);
        a20.intoArray(out, outOff + 2 * headDim + i);
        a21.intoArray(out, outOff + 2 * headDim + i + L);
        a22.intoArray(out, outOff + 2 * headDim + i + 2 * L);
        a23.intoArray(out, outOff + 2 * headDim + i + 3 * L);
        a30.intoArray(out, outOff + 3 * headDim + i);
        a31.intoArray(out, outOff + 3 * headDim + i + L);
        a32.intoArray(out, outOff + 3 * headDim + i + 2 * L);
        a33.intoArray(out, outOff + 3 * headDim + i + 3 * L);
    }

}

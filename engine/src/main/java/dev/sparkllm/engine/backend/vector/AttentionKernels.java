package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.backend.ScalarBackend;
import dev.sparkllm.engine.kv.KvCacheView;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * PagedAttention scores on the Vector API. Keys are dimension-major inside each KV block (see {@link KvCacheView}), so
 * for a block of positions one vector holds the same key dimension of {@code L} consecutive positions: broadcasting
 * the query's dimension i and FMA-ing over i gives {@code L} scores at once, each lane summing its own position in
 * dimension order — the same operations, lane by lane, as {@link ScalarBackend#scalarScores}, which also covers block
 * sizes smaller than the vector.
 */
final class AttentionKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();

    private AttentionKernels() { }

    static void scores(float[] q, int qOff, KvCacheView cache, int layer, int kvOff, int headDim, int len,
                       float[] scores, int sOff) {
        int bs = cache.blockSize();
        if (bs % L != 0) {
            ScalarBackend.scalarScores(q, qOff, cache, layer, kvOff, headDim, 0, len, scores, sOff);
            return;
        }
        float[] keys = cache.keyStore(layer);
        for (int b0 = 0; b0 < len; b0 += bs) {
            int base = cache.blockBase(b0) + kvOff * bs;
            for (int c = 0; c < bs && b0 + c < len; c += L) {
                FloatVector acc = FloatVector.zero(F);
                for (int i = 0; i < headDim; i++) {
                    acc = FloatVector.fromArray(F, keys, base + i * bs + c).fma(FloatVector.broadcast(F, q[qOff + i]), acc);
                }
                // Lanes past the last position hold sums over slots not yet written: stored (the caller leaves room up
                // to the block boundary, see Backend#attentionScores) and never read. An unmasked store is much
                // cheaper than a masked one here.
                acc.intoArray(scores, sOff + b0 + c);
            }
        }
    }

    /**
     * Weighted value sum with the output kept in registers across all positions (four vectors of dimensions at a
     * time); each output element is the same position-ordered FMA chain as {@link ScalarBackend#scalarValues}.
     */
    static void values(float[] p, int pOff, KvCacheView cache, int layer, int kvOff, int headDim, int len,
                       float[] out, int outOff) {
        float[] v = cache.valueStore(layer);
        int i = 0;
        for (; i + 4 * L <= headDim; i += 4 * L) {
            FloatVector a0 = FloatVector.zero(F), a1 = FloatVector.zero(F), a2 = FloatVector.zero(F), a3 = FloatVector.zero(F);
            for (int j = 0; j < len; j++) {
                FloatVector w = FloatVector.broadcast(F, p[pOff + j]);
                int base = cache.valueOffset(j) + kvOff + i;
                a0 = FloatVector.fromArray(F, v, base).fma(w, a0);
                a1 = FloatVector.fromArray(F, v, base + L).fma(w, a1);
                a2 = FloatVector.fromArray(F, v, base + 2 * L).fma(w, a2);
                a3 = FloatVector.fromArray(F, v, base + 3 * L).fma(w, a3);
            }
            a0.intoArray(out, outOff + i);
            a1.intoArray(out, outOff + i + L);
            a2.intoArray(out, outOff + i + 2 * L);
            a3.intoArray(out, outOff + i + 3 * L);
        }
        for (; i + L <= headDim; i += L) {
            FloatVector a = FloatVector.zero(F);
            for (int j = 0; j < len; j++) {
                a = FloatVector.fromArray(F, v, cache.valueOffset(j) + kvOff + i).fma(FloatVector.broadcast(F, p[pOff + j]), a);
            }
            a.intoArray(out, outOff + i);
        }
        if (i < headDim) ScalarBackend.scalarValues(p, pOff, cache, layer, kvOff, i, headDim, len, out, outOff);
    }
}

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
                int valid = Math.min(L, len - b0 - c);
                // Lanes past the last position read slots not yet written; they are simply not stored.
                if (valid == L) acc.intoArray(scores, sOff + b0 + c);
                else acc.intoArray(scores, sOff + b0 + c, F.indexInRange(0, valid));
            }
        }
    }
}

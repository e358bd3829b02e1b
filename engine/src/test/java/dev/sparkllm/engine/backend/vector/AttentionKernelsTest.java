package dev.sparkllm.engine.backend.vector;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.sparkllm.engine.backend.ScalarBackend;
import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.kv.KvCacheView;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The grouped PagedAttention kernels against the scalar reference, bit for bit: any number of query heads per KV head
 * (passes of up to four), head sizes with and without a vector tail, block sizes below, at and above the vector
 * length, lengths ending anywhere in a block, blocks scattered through the store as a block table leaves them, and
 * every cache element type (16-bit values widened in the kernels must give the scalar reference's widened values).
 */
class AttentionKernelsTest {

    /** A paged view whose logical block i lives in physical block table[i] of one shared store. */
    private record PagedView(KvCacheDtype dtype, Object keys, Object values, int blockSize, int kvDim, int[] table)
            implements KvCacheView {
        @Override public Object keyStore(int layer) { return keys; }
        @Override public Object valueStore(int layer) { return values; }
        @Override public int blockBase(int pos) { return table[pos / blockSize] * blockSize * kvDim; }
    }

    @Test
    void groupedScoresAndValuesEqualTheScalarReference() {
        Random rnd = new Random(3);
        try (VectorBackend vector = new VectorBackend(1); ScalarBackend scalar = new ScalarBackend()) {
            for (int blockSize : new int[] {8, 16, 32}) {
                for (int headDim : new int[] {64, 72, 128}) {
                    for (int group : new int[] {1, 3, 4, 7}) {
                        for (int len : new int[] {1, 15, 16, 17, 70}) {
                            for (KvCacheDtype dtype : KvCacheDtype.values()) {
                                check(rnd, vector, scalar, dtype, blockSize, headDim, group, len);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void check(Random rnd, VectorBackend vector, ScalarBackend scalar, KvCacheDtype dtype, int bs,
                              int headDim, int group, int len) {
        int kvHeads = 2;
        int kvDim = kvHeads * headDim;
        int blocks = (len + bs - 1) / bs;
        int physical = blocks + 3;
        int[] table = new int[blocks];
        for (int i = 0; i < blocks; i++) table[i] = physical - 1 - i;
        PagedView cache = new PagedView(dtype, store(rnd, dtype, physical * bs * kvDim), store(rnd, dtype, physical * bs * kvDim),
            bs, kvDim, table);
        float[] q = random(rnd, group * headDim);
        int stride = blocks * bs;
        String where = dtype + ", block " + bs + ", headDim " + headDim + ", group " + group + ", len " + len;
        for (int kv = 0; kv < kvHeads; kv++) {
            float[] expected = new float[group * stride];
            float[] actual = new float[group * stride];
            scalar.attentionScores(q, 0, group, cache, 0, kv * headDim, headDim, len, expected, 0, stride);
            vector.attentionScores(q, 0, group, cache, 0, kv * headDim, headDim, len, actual, 0, stride);
            for (int h = 0; h < group; h++) {
                for (int j = 0; j < len; j++) {
                    assertEquals(expected[h * stride + j], actual[h * stride + j], "score, " + where + ", head " + h + ", pos " + j);
                }
            }
            float[] p = random(rnd, group * stride);
            float[] outExpected = new float[group * headDim];
            float[] outActual = new float[group * headDim];
            scalar.attentionValues(p, 0, stride, group, cache, 0, kv * headDim, headDim, len, outExpected, 0);
            vector.attentionValues(p, 0, stride, group, cache, 0, kv * headDim, headDim, len, outActual, 0);
            for (int i = 0; i < group * headDim; i++) assertEquals(outExpected[i], outActual[i], "value, " + where + ", element " + i);
        }
    }

    /** Random values written through the type's rounding, with F16 subnormals and values past F16's range mixed in. */
    private static Object store(Random rnd, KvCacheDtype dtype, int n) {
        Object store = dtype.allocate(n);
        float[] v = random(rnd, n);
        for (int i = 0; i < n; i += 29) v[i] *= 1e-5f;
        for (int i = 11; i < n; i += 97) v[i] *= 2e5f;
        for (int i = 0; i < n; i++) dtype.set(store, i, v[i]);
        return store;
    }

    private static float[] random(Random rnd, int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = rnd.nextFloat() * 2 - 1;
        return a;
    }
}

package dev.sparkllm.engine.kv;

import java.util.stream.IntStream;

/** Small caches and token sequences shared by the kv tests. */
final class KvTesting {
    static final int LAYERS = 2;
    static final int KV_DIM = 4;

    private KvTesting() {
    }

    static KvCacheManager manager(int numBlocks, int blockSize, boolean prefixCaching) {
        return new KvCacheManager(new KvCacheConfig(numBlocks, blockSize, LAYERS, KV_DIM, prefixCaching, 42L));
    }

    /** Token ids {@code start, start + 1, ...}: distinct runs make distinct blocks. */
    static int[] run(int start, int length) {
        return IntStream.range(start, start + length).toArray();
    }

    static int[] concat(int[] a, int[] b) {
        return IntStream.concat(IntStream.of(a), IntStream.of(b)).toArray();
    }

    /** A new sequence with blocks for positions {@code [0, positions)}. */
    static KvSequence allocated(KvCacheManager m, int positions) {
        KvSequence seq = m.newSequence();
        if (!m.allocate(seq, 0, positions, CachedPrefix.NONE)) throw new AssertionError("no room for " + positions);
        return seq;
    }

    /** A new sequence holding {@code tokens}, computed and committed, as after its prefill. */
    static KvSequence prefilled(KvCacheManager m, int[] tokens) {
        KvSequence seq = allocated(m, tokens.length);
        m.commit(seq, tokens, tokens.length);
        return seq;
    }
}

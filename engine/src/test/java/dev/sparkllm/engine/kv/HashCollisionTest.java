package dev.sparkllm.engine.kv;

import static dev.sparkllm.engine.kv.KvTesting.concat;
import static dev.sparkllm.engine.kv.KvTesting.prefilled;
import static dev.sparkllm.engine.kv.KvTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A hash is never trusted alone: forced collisions cost hits, never reuse the wrong keys and values. */
class HashCollisionTest {
    private static final KvCacheConfig CONFIG = new KvCacheConfig(16, 16, 1, 4, true, 0L);

    @Test
    void aBlockWithTheSameHashButOtherTokensIsNotReused() {
        KvCacheManager m = new KvCacheManager(CONFIG, (parent, tokens, from, count, key) -> 7L);
        int[] a = run(0, 32);
        KvSequence sa = prefilled(m, a);
        assertTrue(m.pool().isCached(sa.blockId(0)));
        assertFalse(m.pool().isCached(sa.blockId(1)), "its hash is taken by block 0");

        int[] b = run(100, 32);
        assertSame(CachedPrefix.NONE, m.lookup(b, 32), "hash 7 hits a's block 0, whose tokens differ");
        KvSequence sb = prefilled(m, b);
        assertFalse(m.pool().isCached(sb.blockId(0)));
        assertEquals(16, m.lookup(a, 32).numTokens());
        m.checkInvariants();
    }

    @Test
    void aBlockWithTheSameTokensAfterAnotherParentIsNotReused() {
        // Hashes only the block's own tokens, so equal blocks after different prefixes collide.
        KvCacheManager m = new KvCacheManager(CONFIG, (parent, tokens, from, count, key) -> tokens[from]);
        int[] shared = run(500, 16);
        prefilled(m, concat(run(0, 16), shared));
        KvSequence other = prefilled(m, concat(run(100, 16), shared));
        assertFalse(m.pool().isCached(other.blockId(1)));

        int[] query = concat(concat(run(100, 16), shared), run(900, 16));
        CachedPrefix hit = m.lookup(query, 47);
        assertEquals(16, hit.numTokens(), "block 1 is cached only after run(0, 16), not after run(100, 16)");
        assertEquals(other.blockId(0), hit.blockIds()[0]);
        m.checkInvariants();
    }

    @Test
    void findVerifiesTokensAndParentStamp() {
        BlockPool pool = new BlockPool(2, 4);
        int[] tokens = {1, 2, 3, 4, 5};
        long stamp = pool.publish(0, 99L, tokens, 0, BlockPool.ROOT_STAMP);
        assertEquals(0, pool.find(99L, tokens, 0, BlockPool.ROOT_STAMP));
        assertEquals(-1, pool.find(99L, tokens, 1, BlockPool.ROOT_STAMP), "other tokens");
        assertEquals(-1, pool.find(99L, tokens, 0, stamp), "other parent");
        assertEquals(-1, pool.find(98L, tokens, 0, BlockPool.ROOT_STAMP), "other hash");
        assertEquals(BlockPool.NO_STAMP, pool.publish(1, 99L, tokens, 1, BlockPool.ROOT_STAMP));
        assertEquals(stamp, pool.publish(1, 99L, tokens, 0, BlockPool.ROOT_STAMP), "a duplicate names the first");
        assertFalse(pool.isCached(1));
    }
}

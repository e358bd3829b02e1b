package dev.sparkllm.engine.kv;

import static dev.sparkllm.engine.kv.KvTesting.allocated;
import static dev.sparkllm.engine.kv.KvTesting.concat;
import static dev.sparkllm.engine.kv.KvTesting.manager;
import static dev.sparkllm.engine.kv.KvTesting.prefilled;
import static dev.sparkllm.engine.kv.KvTesting.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrefixCacheTest {
    private static final int[] SHARED = run(0, 40);

    @Test
    void secondSequenceReusesTheSharedFullBlocks() {
        KvCacheManager m = manager(16, 16, true);
        int[] a = concat(SHARED, run(1000, 10));
        int[] b = concat(SHARED, run(2000, 10));
        KvSequence first = prefilled(m, a);

        CachedPrefix hit = m.lookup(b, b.length - 1);
        assertEquals(32, hit.numTokens(), "40 shared tokens hold 2 full blocks of 16");
        assertArrayEquals(new int[] {first.blockId(0), first.blockId(1)}, hit.blockIds());
        KvSequence second = m.newSequence();
        assertTrue(m.allocate(second, 32, b.length, hit));
        assertEquals(first.blockId(0), second.blockId(0));
        assertEquals(first.blockId(1), second.blockId(1));
        assertNotEquals(first.blockId(2), second.blockId(2));
        assertEquals(2, m.pool().refCount(first.blockId(0)));
        assertEquals(2, m.pool().refCount(first.blockId(1)));
        assertEquals(1, m.pool().refCount(second.blockId(2)));
        assertEquals(32, m.prefixHitTokens());
        assertEquals(4 + 2, m.numUsedBlocks());
        m.commit(second, b, b.length);
        m.checkInvariants();
    }

    @Test
    void lookupStaysWithinMaxTokens() {
        KvCacheManager m = manager(8, 16, true);
        int[] prompt = run(0, 48);
        prefilled(m, prompt);
        assertEquals(32, m.lookup(prompt, prompt.length - 1).numTokens(), "the last token is always computed");
        assertEquals(48, m.lookup(prompt, 48).numTokens());
        assertEquals(16, m.lookup(prompt, 31).numTokens());
        assertSame(CachedPrefix.NONE, m.lookup(prompt, 15));
        assertEquals(16, m.lookup(run(0, 20), 100).numTokens(), "and within the tokens given");
    }

    @Test
    void freedBlocksStayFindableAndAreReusedFromTheFreeQueue() {
        KvCacheManager m = manager(4, 16, true);
        int[] prompt = run(0, 40);
        m.free(prefilled(m, prompt));
        assertEquals(4, m.numFreeBlocks());
        assertEquals(2, m.numCachedFreeBlocks());
        assertEquals(0, m.numUsedBlocks());

        CachedPrefix hit = m.lookup(prompt, 39);
        assertEquals(32, hit.numTokens());
        KvSequence again = m.newSequence();
        assertTrue(m.allocate(again, 32, 40, hit));
        assertEquals(1, m.numFreeBlocks());
        assertEquals(0, m.numCachedFreeBlocks());
        assertEquals(32, m.prefixHitTokens());
        m.checkInvariants();
    }

    @Test
    void prefixBlocksThatAreFreeCountAsTakenInAllOrNothing() {
        KvCacheManager m = manager(3, 16, true);
        int[] prompt = run(0, 32);
        m.free(prefilled(m, prompt));
        int[] longer = concat(prompt, run(500, 20));
        CachedPrefix hit = m.lookup(longer, longer.length - 1);
        assertEquals(32, hit.numTokens());

        KvSequence seq = m.newSequence();
        assertFalse(m.allocate(seq, 32, 52, hit), "2 prefix blocks + 2 new > 3 blocks");
        assertEquals(0, seq.numBlocks());
        assertEquals(3, m.numFreeBlocks());
        assertEquals(2, m.numCachedFreeBlocks());
        assertEquals(0, m.prefixHitTokens());
        assertEquals(32, m.lookup(longer, longer.length - 1).numTokens(), "nothing was evicted");
        m.checkInvariants();

        assertTrue(m.allocate(seq, 32, 48, hit));
        assertEquals(0, m.numFreeBlocks());
    }

    @Test
    void evictionTakesTheLeastRecentlyFreedAndATailBeforeItsHead() {
        KvCacheManager m = manager(5, 16, true);
        int[] x = run(0, 48);
        int[] y = run(100, 32);
        KvSequence sx = prefilled(m, x);
        KvSequence sy = prefilled(m, y);
        m.free(sx);
        m.free(sy);
        // Queue, first evicted first: x2 x1 x0 y1 y0.
        assertArrayEquals(new int[] {chainBlock(m, x, 2), chainBlock(m, x, 1), chainBlock(m, x, 0), chainBlock(m, y, 1),
                chainBlock(m, y, 0)}, m.pool().freeQueue());

        int[] expectX = {48, 32, 16, 0, 0};
        int[] expectY = {32, 32, 32, 32, 16};
        for (int taken = 0; taken < 5; taken++) {
            assertEquals(expectX[taken], m.lookup(x, 48).numTokens(), "x after " + taken + " evictions");
            assertEquals(expectY[taken], m.lookup(y, 32).numTokens(), "y after " + taken + " evictions");
            allocated(m, 1);
            m.checkInvariants();
        }
        assertEquals(0, m.numCachedFreeBlocks());
    }

    /** Block {@code i} of the cached chain for {@code tokens}. */
    private static int chainBlock(KvCacheManager m, int[] tokens, int i) {
        return m.lookup(tokens, tokens.length).blockIds()[i];
    }

    @Test
    void aMismatchInALaterBlockStopsTheChain() {
        KvCacheManager m = manager(8, 16, true);
        prefilled(m, run(0, 48));
        int[] query = concat(concat(run(0, 16), run(500, 16)), run(32, 16));
        assertEquals(16, m.lookup(query, 48).numTokens(), "block 2 matches but follows a different block 1");
        assertSame(CachedPrefix.NONE, m.lookup(run(1, 48), 48));
    }

    @Test
    void extraHashKeySeparatesModels() {
        int[] tokens = run(0, 16);
        assertNotEquals(BlockHasher.CHAINED.hash(BlockHasher.ROOT, tokens, 0, 16, 1L),
                BlockHasher.CHAINED.hash(BlockHasher.ROOT, tokens, 0, 16, 2L));
        KvCacheManager m1 = new KvCacheManager(new KvCacheConfig(4, 16, 1, 4, true, 1L));
        KvCacheManager m2 = new KvCacheManager(new KvCacheConfig(4, 16, 1, 4, true, 2L));
        int id1 = prefilled(m1, tokens).blockId(0);
        int id2 = prefilled(m2, tokens).blockId(0);
        assertNotEquals(m1.pool().hash(id1), m2.pool().hash(id2));
    }

    @Test
    void offMeansNoLookupsAndNothingCached() {
        KvCacheManager m = manager(4, 16, false);
        int[] prompt = run(0, 40);
        m.free(prefilled(m, prompt));
        assertSame(CachedPrefix.NONE, m.lookup(prompt, 39));
        assertEquals(0, m.numCachedFreeBlocks());
        m.checkInvariants();
    }

    @Test
    void identicalBlocksComputedTwiceKeepTheFirstCachedAndTheChainGoesOn() {
        KvCacheManager m = manager(8, 16, true);
        int[] prompt = run(0, 32);
        KvSequence a = allocated(m, 32);
        KvSequence b = allocated(m, 48);
        m.commit(a, prompt, 32);
        int[] longer = concat(prompt, run(900, 16));
        m.commit(b, longer, 48);
        assertFalse(m.pool().isCached(b.blockId(0)), "the duplicate is not cached");
        assertFalse(m.pool().isCached(b.blockId(1)));
        assertTrue(m.pool().isCached(b.blockId(2)), "b's own block follows the identical cached one");
        assertArrayEquals(new int[] {a.blockId(0), a.blockId(1), b.blockId(2)}, m.lookup(longer, 48).blockIds());
        m.checkInvariants();
    }

    @Test
    void aPrefixEvictedSinceItsLookupIsRefused() {
        KvCacheManager m = manager(2, 16, true);
        int[] prompt = run(0, 32);
        m.free(prefilled(m, prompt));
        CachedPrefix hit = m.lookup(prompt, 32);
        allocated(m, 17); // evicts both cached blocks
        KvSequence late = m.newSequence();
        assertThrows(IllegalStateException.class, () -> m.allocate(late, 32, 33, hit));
        m.checkInvariants();
    }

    @Test
    void aPrefixOnlyStartsAnEmptySequenceAndCannotBeRewritten() {
        KvCacheManager m = manager(8, 16, true);
        int[] prompt = run(0, 40);
        prefilled(m, prompt);
        CachedPrefix hit = m.lookup(prompt, 39);
        KvSequence seq = m.newSequence();
        assertThrows(IllegalArgumentException.class, () -> m.allocate(seq, 16, 40, hit), "computed < prefix");
        assertTrue(m.allocate(seq, 32, 40, hit));
        assertThrows(IllegalArgumentException.class, () -> m.allocate(seq, 32, 41, hit), "not empty any more");
        assertThrows(IllegalArgumentException.class, () -> m.allocate(seq, 20, 41, CachedPrefix.NONE),
                "hashed blocks are immutable");
    }
}

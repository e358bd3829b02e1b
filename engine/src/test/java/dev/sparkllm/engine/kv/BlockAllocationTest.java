package dev.sparkllm.engine.kv;

import static dev.sparkllm.engine.kv.KvTesting.allocated;
import static dev.sparkllm.engine.kv.KvTesting.manager;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BlockAllocationTest {

    @Test
    void capacityGrowsByWholeBlocksExactlyAtBoundaries() {
        KvCacheManager m = manager(8, 16, false);
        KvSequence seq = m.newSequence();
        assertEquals(0, seq.capacity());
        assertTrue(m.allocate(seq, 0, 16, CachedPrefix.NONE));
        assertEquals(1, seq.numBlocks());
        assertEquals(16, seq.capacity());
        assertTrue(m.allocate(seq, 16, 16, CachedPrefix.NONE));
        assertEquals(1, seq.numBlocks(), "no new block until a position needs it");
        assertTrue(m.allocate(seq, 16, 17, CachedPrefix.NONE));
        assertEquals(2, seq.numBlocks());
        assertTrue(m.allocate(seq, 17, 32, CachedPrefix.NONE));
        assertEquals(2, seq.numBlocks());
        assertTrue(m.allocate(seq, 32, 65, CachedPrefix.NONE));
        assertEquals(5, seq.numBlocks());
        assertEquals(80, seq.capacity());
        assertEquals(5, m.numUsedBlocks());
        assertEquals(3, m.numFreeBlocks());
        m.checkInvariants();
    }

    @Test
    void freshPoolHandsOutLowIdsFirst() {
        KvCacheManager m = manager(4, 4, false);
        KvSequence seq = allocated(m, 9);
        assertArrayEquals(new int[] {0, 1, 2}, new int[] {seq.blockId(0), seq.blockId(1), seq.blockId(2)});
    }

    @Test
    void failedAllocationChangesNothing() {
        KvCacheManager m = manager(5, 16, false);
        allocated(m, 40);
        KvSequence b = allocated(m, 10);
        int free = m.numFreeBlocks();
        int used = m.numUsedBlocks();
        int[] table = {b.blockId(0)};

        assertFalse(m.allocate(b, 10, 10 + 16 + 16 + 1, CachedPrefix.NONE), "needs 2 more blocks, 1 is free");
        assertEquals(free, m.numFreeBlocks());
        assertEquals(used, m.numUsedBlocks());
        assertEquals(1, b.numBlocks());
        assertEquals(table[0], b.blockId(0));
        m.checkInvariants();

        assertTrue(m.allocate(b, 10, 32, CachedPrefix.NONE), "exactly the free block fits");
        assertEquals(0, m.numFreeBlocks());
    }

    @Test
    void freeReturnsEveryBlockAndTheSequenceIsReusable() {
        KvCacheManager m = manager(4, 16, false);
        KvSequence seq = allocated(m, 64);
        assertEquals(0, m.numFreeBlocks());
        m.free(seq);
        assertEquals(0, seq.numBlocks());
        assertEquals(4, m.numFreeBlocks());
        assertEquals(0, m.numUsedBlocks());
        m.checkInvariants();
        assertTrue(m.allocate(seq, 0, 5, CachedPrefix.NONE));
        assertEquals(1, seq.numBlocks());
    }

    @Test
    void rejectsRangesThatContradictTheSequence() {
        KvCacheManager m = manager(4, 16, false);
        KvSequence seq = m.newSequence();
        assertThrows(IllegalArgumentException.class, () -> m.allocate(seq, 5, 4, CachedPrefix.NONE));
        assertThrows(IllegalArgumentException.class, () -> m.allocate(seq, 5, 10, CachedPrefix.NONE),
                "computed positions need blocks");
        assertThrows(IllegalArgumentException.class,
                () -> manager(4, 16, false).allocate(seq, 0, 1, CachedPrefix.NONE), "another manager's sequence");
    }
}

package dev.sparkllm.engine.kv;

import static dev.sparkllm.engine.kv.KvTesting.allocated;
import static dev.sparkllm.engine.kv.KvTesting.KV_DIM;
import static dev.sparkllm.engine.kv.KvTesting.LAYERS;
import static dev.sparkllm.engine.kv.KvTesting.manager;
import static dev.sparkllm.engine.kv.KvTesting.prefilled;
import static dev.sparkllm.engine.kv.KvTesting.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ForkCopyOnWriteTest {
    private static final int[] PROMPT = run(0, 20);

    /** A 20-token sequence (one full block, one partial) whose slots hold {@code layer * 1000 + pos + 0.5}. */
    private static KvSequence written(KvCacheManager m) {
        KvSequence seq = prefilled(m, PROMPT);
        for (int l = 0; l < LAYERS; l++) {
            for (int pos = 0; pos < 20; pos++) write(seq, l, pos, l * 1000 + pos + 0.5f);
        }
        return seq;
    }

    private static void write(KvSequence seq, int layer, int pos, float v) {
        for (int i = 0; i < KV_DIM; i++) {
            ((float[]) seq.keyStore(layer))[seq.keyOffset(pos, i)] = v;
            ((float[]) seq.valueStore(layer))[seq.valueOffset(pos) + i] = -v;
        }
    }

    private static float key(KvSequence seq, int layer, int pos) {
        return ((float[]) seq.keyStore(layer))[seq.keyOffset(pos, 0)];
    }

    @Test
    void forkSharesEveryBlock() {
        KvCacheManager m = manager(8, 16, true);
        KvSequence parent = written(m);
        KvSequence child = m.fork(parent);
        assertEquals(2, child.numBlocks());
        for (int i = 0; i < 2; i++) {
            assertEquals(parent.blockId(i), child.blockId(i));
            assertEquals(2, m.pool().refCount(parent.blockId(i)));
        }
        assertEquals(2, m.numUsedBlocks());
        m.checkInvariants();
    }

    @Test
    void writingIntoTheSharedPartialBlockCopiesItFirst() {
        KvCacheManager m = manager(8, 16, true);
        KvSequence parent = written(m);
        KvSequence child = m.fork(parent);
        int shared = parent.blockId(1);

        assertTrue(m.allocate(child, 20, 21, CachedPrefix.NONE));
        assertEquals(parent.blockId(0), child.blockId(0), "the full block stays shared");
        assertEquals(2, m.pool().refCount(parent.blockId(0)));
        assertNotEquals(shared, child.blockId(1));
        assertEquals(1, m.pool().refCount(shared));
        assertEquals(1, m.pool().refCount(child.blockId(1)));
        for (int l = 0; l < LAYERS; l++) {
            for (int pos = 0; pos < 20; pos++) {
                assertEquals(key(parent, l, pos), key(child, l, pos), "layer " + l + " pos " + pos);
                assertEquals(-key(parent, l, pos), ((float[]) child.valueStore(l))[child.valueOffset(pos)]);
            }
        }

        write(child, 0, 20, 77f);
        write(child, 1, 20, 78f);
        assertEquals(0f, key(parent, 0, 20), "the parent's block is untouched");
        assertEquals(0f, key(parent, 1, 20));
        m.checkInvariants();

        assertTrue(m.allocate(parent, 20, 21, CachedPrefix.NONE));
        assertEquals(shared, parent.blockId(1), "now the sole owner, the parent writes in place");
        assertEquals(3, m.numUsedBlocks());
    }

    @Test
    void copyOnWriteCopiesTheComputedValueSlotsAndWholeKeyBlocks() {
        KvCacheManager m = manager(8, 16, true);
        KvSequence parent = written(m);
        assertTrue(m.allocate(parent, 20, 30, CachedPrefix.NONE));
        write(parent, 0, 25, 55f);
        KvSequence child = m.fork(parent);
        assertTrue(m.allocate(child, 20, 22, CachedPrefix.NONE));
        assertEquals(key(parent, 0, 19), key(child, 0, 19));
        assertEquals(0f, ((float[]) child.valueStore(0))[child.valueOffset(25)], "value slots past computedTokens are not copied");
        assertEquals(55f, key(child, 0, 25), "keys are dimension-major in a block, so the whole key block is copied");
    }

    @Test
    void copyOnWriteIsAllOrNothing() {
        KvCacheManager m = manager(3, 16, true);
        KvSequence parent = written(m);
        KvSequence child = m.fork(parent);
        assertFalse(m.allocate(child, 20, 33, CachedPrefix.NONE), "a copy and a new block, 1 free");
        assertEquals(parent.blockId(1), child.blockId(1));
        assertEquals(2, m.pool().refCount(parent.blockId(1)));
        assertEquals(1, m.numFreeBlocks());
        m.checkInvariants();
        assertTrue(m.allocate(child, 20, 32, CachedPrefix.NONE), "the copy alone fits");
        assertEquals(0, m.numFreeBlocks());
    }

    @Test
    void freeingTheParentLeavesTheChildWhole() {
        KvCacheManager m = manager(8, 16, true);
        KvSequence parent = written(m);
        KvSequence child = m.fork(parent);
        m.free(parent);
        assertEquals(2, m.numUsedBlocks());
        assertEquals(1, m.pool().refCount(child.blockId(0)));
        assertEquals(1000 + 19.5f, key(child, 1, 19));
        assertTrue(m.allocate(child, 20, 21, CachedPrefix.NONE));
        assertEquals(2, m.numUsedBlocks(), "sole owner of the partial block: no copy");
        m.free(child);
        assertEquals(0, m.numUsedBlocks());
        m.checkInvariants();
    }

    @Test
    void siblingsCommitTheirSharedBlockOnce() {
        KvCacheManager m = manager(8, 16, true);
        KvSequence parent = allocated(m, 16);
        int[] prompt = run(0, 16);
        KvSequence child = m.fork(parent);
        m.commit(parent, prompt, 16);
        m.commit(child, prompt, 16);
        assertTrue(m.pool().isCached(parent.blockId(0)));
        assertEquals(parent.blockId(0), m.lookup(prompt, 16).blockIds()[0]);
        m.checkInvariants();
    }
}

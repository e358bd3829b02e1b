package dev.sparkllm.engine.kv;

import static dev.sparkllm.engine.kv.KvTesting.allocated;
import static dev.sparkllm.engine.kv.KvTesting.KV_DIM;
import static dev.sparkllm.engine.kv.KvTesting.LAYERS;
import static dev.sparkllm.engine.kv.KvTesting.manager;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PagedStorageTest {

    @Test
    void valueOffsetGoesThroughTheBlockTable() {
        KvCacheManager m = manager(8, 4, false);
        allocated(m, 4);
        KvSequence seq = allocated(m, 10);
        assertEquals(1, seq.blockId(0));
        assertEquals(3, seq.blockId(2));
        for (int pos = 0; pos < 10; pos++) {
            int expected = (seq.blockId(pos / 4) * 4 + pos % 4) * KV_DIM;
            assertEquals(expected, seq.valueOffset(pos), "position " + pos);
        }
        assertEquals((3 * 4 + 1) * KV_DIM, seq.valueOffset(9));
        assertThrows(ArrayIndexOutOfBoundsException.class, () -> seq.valueOffset(12), "past the capacity");
    }

    @Test
    void storesArePerLayerAndSharedByAllSequences() {
        KvCacheManager m = manager(8, 4, false);
        KvSequence seq = m.newSequence();
        for (int l = 0; l < LAYERS; l++) {
            assertSame(m.storage().keys(l), seq.keyStore(l));
            assertSame(m.storage().values(l), seq.valueStore(l));
            assertEquals(8 * 4 * KV_DIM, ((float[]) seq.keyStore(l)).length);
        }
    }

    @Test
    void writesThroughOneSequenceAreReadThroughAnotherSharingTheBlock() {
        KvCacheManager m = manager(8, 4, true);
        int[] tokens = KvTesting.run(100, 9);
        KvSequence writer = allocated(m, 9);
        for (int l = 0; l < LAYERS; l++) {
            for (int pos = 0; pos < 9; pos++) {
                ((float[]) writer.keyStore(l))[writer.keyOffset(pos, 1)] = l * 1000 + pos;
                ((float[]) writer.valueStore(l))[writer.valueOffset(pos) + 2] = -(l * 1000 + pos);
            }
        }
        m.commit(writer, tokens, 9);

        KvSequence reader = m.newSequence();
        CachedPrefix prefix = m.lookup(tokens, 8);
        assertEquals(8, prefix.numTokens());
        assertTrue(m.allocate(reader, 8, 9, prefix));
        for (int l = 0; l < LAYERS; l++) {
            for (int pos = 0; pos < 8; pos++) {
                assertEquals(writer.valueOffset(pos), reader.valueOffset(pos));
                assertEquals(l * 1000 + pos, ((float[]) reader.keyStore(l))[reader.keyOffset(pos, 1)]);
                assertEquals(-(l * 1000 + pos), ((float[]) reader.valueStore(l))[reader.valueOffset(pos) + 2]);
            }
        }
        assertTrue(writer.valueOffset(8) != reader.valueOffset(8), "the partial block is each sequence's own");
    }

    @Test
    void copyBlockCopiesTheGivenValueSlotsAndTheWholeKeyBlockInEveryLayer() {
        KvCacheManager m = manager(4, 4, false);
        KvStorage s = m.storage();
        int blockFloats = 4 * KV_DIM;
        for (int l = 0; l < LAYERS; l++) {
            for (int i = 0; i < blockFloats; i++) {
                ((float[]) s.keys(l))[blockFloats + i] = 1 + i;
                ((float[]) s.values(l))[blockFloats + i] = -1 - i;
            }
        }
        s.copyBlock(1, 3, 3);
        for (int l = 0; l < LAYERS; l++) {
            for (int i = 0; i < blockFloats; i++) {
                boolean copied = i < 3 * KV_DIM;
                assertEquals(1 + i, ((float[]) s.keys(l))[3 * blockFloats + i], "keys are dimension-major: the whole block moves");
                assertEquals(copied ? -1 - i : 0, ((float[]) s.values(l))[3 * blockFloats + i]);
            }
        }
        assertThrows(IllegalArgumentException.class, () -> s.copyBlock(1, 2, 5));
    }
}

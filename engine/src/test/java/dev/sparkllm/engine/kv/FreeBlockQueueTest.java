package dev.sparkllm.engine.kv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FreeBlockQueueTest {

    @Test
    void startsWithEveryBlockInIdOrder() {
        FreeBlockQueue q = new FreeBlockQueue(4);
        assertEquals(4, q.size());
        assertArrayEquals(new int[] {0, 1, 2, 3}, q.toArray());
    }

    @Test
    void removesFromTheMiddleFrontAndBackKeepingOrder() {
        FreeBlockQueue q = new FreeBlockQueue(5);
        q.remove(2);
        assertArrayEquals(new int[] {0, 1, 3, 4}, q.toArray());
        q.remove(0);
        q.remove(4);
        assertArrayEquals(new int[] {1, 3}, q.toArray());
        assertFalse(q.contains(2));
        assertTrue(q.contains(3));
        assertEquals(2, q.size());
    }

    @Test
    void popFirstTakesTheLeastRecentlyAppended() {
        FreeBlockQueue q = new FreeBlockQueue(3);
        for (int i = 0; i < 3; i++) q.popFirst();
        q.append(2);
        q.append(0);
        q.append(1);
        assertArrayEquals(new int[] {2, 0, 1}, q.toArray());
        assertEquals(2, q.popFirst());
        q.append(2);
        assertArrayEquals(new int[] {0, 1, 2}, q.toArray());
    }

    @Test
    void popOnEmptySaysSo() {
        FreeBlockQueue q = new FreeBlockQueue(1);
        q.popFirst();
        IllegalStateException e = assertThrows(IllegalStateException.class, q::popFirst);
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void refusesDoubleAppendAndRemovingAnAbsentBlock() {
        FreeBlockQueue q = new FreeBlockQueue(2);
        assertThrows(IllegalStateException.class, () -> q.append(1));
        q.remove(1);
        assertThrows(IllegalStateException.class, () -> q.remove(1));
    }

    @Test
    void removeFromTheMiddleIsConstantTime() {
        int n = 1 << 20;
        FreeBlockQueue q = new FreeBlockQueue(n);
        long start = System.nanoTime();
        for (int id = n / 4; id < 3 * n / 4; id++) q.remove(id);
        long elapsed = System.nanoTime() - start;
        assertEquals(n / 2, q.size());
        // A list walk would make half a million removals quadratic (hours); linked removal takes milliseconds.
        assertTrue(elapsed < 2_000_000_000L, "removals took " + elapsed / 1_000_000 + " ms");
    }
}

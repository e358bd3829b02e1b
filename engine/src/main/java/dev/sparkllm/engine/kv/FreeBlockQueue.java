package dev.sparkllm.engine.kv;

import java.util.Arrays;

/**
 * The free blocks in eviction order, as an intrusive doubly linked list over block ids (vLLM's
 * {@code FreeKVCacheBlockQueue}). The links live in two int arrays indexed by block id, so taking a cached block back
 * out of the middle (a prefix hit on a freed block) is O(1) and nothing is allocated per operation.
 *
 * <pre>
 *   sentinel <-> b7 <-> b2 <-> b9 <-> sentinel
 *               first                 last
 *   popFirst(): least recently freed (evicted first)   append(b): most recently freed
 * </pre>
 *
 * Index {@code n} is the sentinel, which makes the list circular and spares every operation its head/tail special
 * cases. A block not in the queue has {@code prev == NOT_QUEUED}.
 */
final class FreeBlockQueue {
    private static final int NOT_QUEUED = -1;

    private final int sentinel;
    private final int[] prev;
    private final int[] next;
    private int size;

    /** A queue holding every block, in id order: a fresh pool hands out low ids first. */
    FreeBlockQueue(int numBlocks) {
        sentinel = numBlocks;
        prev = new int[numBlocks + 1];
        next = new int[numBlocks + 1];
        Arrays.fill(prev, NOT_QUEUED);
        prev[sentinel] = sentinel;
        next[sentinel] = sentinel;
        for (int id = 0; id < numBlocks; id++) append(id);
    }

    int size() {
        return size;
    }

    boolean contains(int id) {
        return prev[id] != NOT_QUEUED;
    }

    /** Takes the least recently freed block. */
    int popFirst() {
        if (size == 0) throw new IllegalStateException("free block queue is empty: all " + sentinel + " blocks are in use");
        int id = next[sentinel];
        remove(id);
        return id;
    }

    void remove(int id) {
        if (!contains(id)) throw new IllegalStateException("block " + id + " is not in the free queue");
        next[prev[id]] = next[id];
        prev[next[id]] = prev[id];
        prev[id] = NOT_QUEUED;
        next[id] = NOT_QUEUED;
        size--;
    }

    void append(int id) {
        if (contains(id)) throw new IllegalStateException("block " + id + " is already in the free queue");
        int last = prev[sentinel];
        prev[id] = last;
        next[id] = sentinel;
        next[last] = id;
        prev[sentinel] = id;
        size++;
    }

    /** The queued ids, first (next evicted) to last; walks the links, so it also checks them. */
    int[] toArray() {
        int[] out = new int[size];
        int at = next[sentinel];
        for (int i = 0; i < size; i++) {
            if (at == sentinel || prev[next[at]] != at) {
                throw new IllegalStateException("free queue links broken after " + Arrays.toString(Arrays.copyOf(out, i)));
            }
            out[i] = at;
            at = next[at];
        }
        if (at != sentinel) throw new IllegalStateException("free queue holds more than its size " + size);
        return out;
    }
}

package dev.sparkllm.engine.kv;

import java.util.Arrays;

/**
 * One sequence's keys and values in plain growing arrays, its blocks one after another (an identity block table). The
 * simple cache of the reference path; the paged block pool replaces it in the engine.
 */
public final class ContiguousKvCache implements KvCacheView {
    private static final int BLOCK = 16;
    private final int kvDim;
    private final float[][] keys;
    private final float[][] values;
    private int capacity;

    public ContiguousKvCache(int layers, int kvDim) {
        this.kvDim = kvDim;
        this.keys = new float[layers][0];
        this.values = new float[layers][0];
    }

    /** Makes room for positions {@code [0, positions)}, growing geometrically so appends stay amortised O(1). */
    public void ensureCapacity(int positions) {
        if (positions <= capacity) return;
        int next = Math.max(positions, Math.max(BLOCK, capacity * 2));
        next = (next + BLOCK - 1) / BLOCK * BLOCK;
        for (int l = 0; l < keys.length; l++) {
            keys[l] = Arrays.copyOf(keys[l], Math.multiplyExact(next, kvDim));
            values[l] = Arrays.copyOf(values[l], Math.multiplyExact(next, kvDim));
        }
        capacity = next;
    }

    @Override public float[] keyStore(int layer) { return keys[layer]; }

    @Override public float[] valueStore(int layer) { return values[layer]; }

    @Override public int blockSize() { return BLOCK; }

    @Override public int kvDim() { return kvDim; }

    @Override public int blockBase(int pos) { return (pos & -BLOCK) * kvDim; }
}

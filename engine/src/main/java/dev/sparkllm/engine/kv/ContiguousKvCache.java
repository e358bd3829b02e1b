package dev.sparkllm.engine.kv;

/**
 * One sequence's keys and values in plain growing arrays, its blocks one after another (an identity block table). The
 * simple cache of the reference path; the paged block pool replaces it in the engine.
 */
public final class ContiguousKvCache implements KvCacheView {
    private static final int BLOCK = 16;
    private final int kvDim;
    private final KvCacheDtype dtype;
    private final Object[] keys;
    private final Object[] values;
    private int capacity;

    /** An F32 cache. */
    public ContiguousKvCache(int layers, int kvDim) {
        this(layers, kvDim, KvCacheDtype.F32);
    }

    public ContiguousKvCache(int layers, int kvDim, KvCacheDtype dtype) {
        this.kvDim = kvDim;
        this.dtype = dtype;
        this.keys = new Object[layers];
        this.values = new Object[layers];
        for (int l = 0; l < layers; l++) {
            keys[l] = dtype.allocate(0);
            values[l] = dtype.allocate(0);
        }
    }

    /** Makes room for positions {@code [0, positions)}, growing geometrically so appends stay amortised O(1). */
    public void ensureCapacity(int positions) {
        if (positions <= capacity) return;
        int next = Math.max(positions, Math.max(BLOCK, capacity * 2));
        next = (next + BLOCK - 1) / BLOCK * BLOCK;
        int n = Math.multiplyExact(next, kvDim);
        for (int l = 0; l < keys.length; l++) {
            keys[l] = grown(keys[l], n);
            values[l] = grown(values[l], n);
        }
        capacity = next;
    }

    private Object grown(Object store, int n) {
        Object bigger = dtype.allocate(n);
        System.arraycopy(store, 0, bigger, 0, dtype.length(store));
        return bigger;
    }

    @Override public KvCacheDtype dtype() { return dtype; }

    @Override public Object keyStore(int layer) { return keys[layer]; }

    @Override public Object valueStore(int layer) { return values[layer]; }

    @Override public int blockSize() { return BLOCK; }

    @Override public int kvDim() { return kvDim; }

    @Override public int blockBase(int pos) { return (pos & -BLOCK) * kvDim; }
}

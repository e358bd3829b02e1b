package dev.sparkllm.engine.kv;

/**
 * The cache's values, allocated once up front: per layer, a key pool and a value pool of
 * {@code numBlocks * blockSize * kvDim} elements each (layout in {@link KvCacheConfig}), {@code float[]} for an F32
 * cache and {@code short[]} for F16/BF16 ({@link KvCacheDtype}). Sequences reach it only through their block tables;
 * nothing here knows which sequence owns which block.
 */
public final class KvStorage {
    private final int blockSize;
    private final int kvDim;
    private final int blockValues;
    private final KvCacheDtype dtype;
    private final Object[] keys;
    private final Object[] values;

    KvStorage(KvCacheConfig config) {
        this.blockSize = config.blockSize();
        this.kvDim = config.kvDim();
        this.dtype = config.dtype();
        this.blockValues = blockSize * kvDim;
        int poolValues = Math.multiplyExact(config.numBlocks(), blockValues);
        this.keys = new Object[config.numLayers()];
        this.values = new Object[config.numLayers()];
        try {
            for (int l = 0; l < config.numLayers(); l++) {
                keys[l] = dtype.allocate(poolValues);
                values[l] = dtype.allocate(poolValues);
            }
        } catch (OutOfMemoryError e) {
            // Nothing else holds these arrays: dropping them here leaves the heap as it was, and the caller gets a
            // reason instead of an OutOfMemoryError.
            java.util.Arrays.fill(keys, null);
            java.util.Arrays.fill(values, null);
            Runtime rt = Runtime.getRuntime();
            throw new IllegalArgumentException(String.format("the KV cache (%d blocks, %.1f MiB) does not fit in the heap "
                    + "(max %.1f MiB, %.1f MiB in use): lower the KV cache memory or raise -Xmx", config.numBlocks(),
                config.numBlocks() * config.bytesPerBlock() / 1048576.0,
                rt.maxMemory() / 1048576.0, (rt.totalMemory() - rt.freeMemory()) / 1048576.0));
        }
    }

    public KvCacheDtype dtype() {
        return dtype;
    }

    /** Layer {@code layer}'s key pool: {@code float[]} or {@code short[]} as {@link #dtype()} says. */
    public Object keys(int layer) {
        return keys[layer];
    }

    /** Layer {@code layer}'s value pool; see {@link #keys}. */
    public Object values(int layer) {
        return values[layer];
    }

    /**
     * Copies the first {@code tokens} slots of block {@code src} into block {@code dst}, every layer, K and V. Used for
     * copy on write: only the slots already computed carry data worth keeping.
     */
    public void copyBlock(int src, int dst, int tokens) {
        if (tokens < 0 || tokens > blockSize) {
            throw new IllegalArgumentException("tokens " + tokens + " outside [0, blockSize " + blockSize + "]");
        }
        int len = tokens * kvDim;
        int from = src * blockValues;
        int to = dst * blockValues;
        for (int l = 0; l < keys.length; l++) {
            // Keys are dimension-major inside a block (see KvCacheView), so the first slots are not one contiguous
            // run: the whole block is copied. Slots past `tokens` are written before they are ever read.
            System.arraycopy(keys[l], from, keys[l], to, blockValues);
            System.arraycopy(values[l], from, values[l], to, len);
        }
    }
}

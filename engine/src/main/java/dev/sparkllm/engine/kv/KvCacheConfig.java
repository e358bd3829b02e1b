package dev.sparkllm.engine.kv;

/**
 * Geometry of the paged KV cache: {@code numBlocks} blocks of {@code blockSize} token slots, F32 values.
 *
 * <p>Storage is one float array per layer for keys and one for values, not one array for everything: a Java array
 * holds at most 2^31-1 elements, and a per-layer pool lets a 7B-class model keep tens of GiB of cache while every
 * offset stays a plain {@code int}. Block {@code b}, slot {@code s} sits at the same offset in every layer's pools, so
 * one block table serves all layers:
 *
 * <pre>
 *   keys(l) / values(l):  | block 0                  | block 1                  | ...
 *                         | slot 0 | slot 1 | ...     | slot 0 | ...
 *                         |<kvDim>|
 *   offset(b, s) = (b * blockSize + s) * kvDim
 * </pre>
 *
 * @param blockSize     tokens per block; a power of two so a position maps to (block, slot) by shift and mask
 * @param prefixCaching whether full blocks are hashed and reused across sequences
 * @param extraHashKey  mixed into every block hash so caches of different models (or weights) never match
 */
public record KvCacheConfig(int numBlocks, int blockSize, int numLayers, int kvDim, boolean prefixCaching,
                            long extraHashKey) {

    /**
     * Largest float array the pools may use. HotSpot refuses arrays within a few elements of 2^31-1, so the last 8
     * are kept off limits (as {@code java.util.ArrayList} does).
     */
    static final long MAX_POOL_FLOATS = Integer.MAX_VALUE - 8L;

    public KvCacheConfig {
        if (numBlocks < 1) throw new IllegalArgumentException("numBlocks must be >= 1, got " + numBlocks);
        if (blockSize < 1 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("blockSize must be a power of two, got " + blockSize);
        }
        if (numLayers < 1) throw new IllegalArgumentException("numLayers must be >= 1, got " + numLayers);
        if (kvDim < 1) throw new IllegalArgumentException("kvDim must be >= 1, got " + kvDim);
        long floats = (long) numBlocks * blockSize * kvDim;
        if (floats > MAX_POOL_FLOATS) {
            throw new IllegalArgumentException(numBlocks + " blocks of " + blockSize + " x " + kvDim + " floats need "
                    + floats + " floats per layer pool, more than a Java array holds (" + MAX_POOL_FLOATS
                    + "); at most " + maxBlocks(blockSize, kvDim) + " blocks");
        }
    }

    /** Bytes one block takes across all layers: keys and values, 4 bytes per F32. */
    public static long bytesPerBlock(int blockSize, int numLayers, int kvDim) {
        return 2L * Float.BYTES * blockSize * numLayers * kvDim;
    }

    /** Bytes of one block in all layers, for this geometry. */
    public long bytesPerBlock() {
        return bytesPerBlock(blockSize, numLayers, kvDim);
    }

    /**
     * As many blocks as fit in {@code bytes}. Fails rather than silently shrinking or capping, so a misconfigured
     * budget is reported with the numbers needed to fix it.
     */
    public static KvCacheConfig fromMemory(long bytes, int blockSize, int numLayers, int kvDim, boolean prefixCaching,
                                           long extraHashKey) {
        if (blockSize < 1 || numLayers < 1 || kvDim < 1) {
            throw new IllegalArgumentException("blockSize, numLayers and kvDim must be >= 1, got " + blockSize + ", "
                    + numLayers + ", " + kvDim);
        }
        long perBlock = bytesPerBlock(blockSize, numLayers, kvDim);
        long blocks = bytes / perBlock;
        if (blocks < 1) {
            throw new IllegalArgumentException("KV cache budget of " + bytes + " bytes is less than one block ("
                    + perBlock + " bytes = 2 x 4 x blockSize " + blockSize + " x layers " + numLayers + " x kvDim "
                    + kvDim + ")");
        }
        long max = maxBlocks(blockSize, kvDim);
        if (blocks > max) {
            throw new IllegalArgumentException("KV cache budget of " + bytes + " bytes gives " + blocks
                    + " blocks, but a layer's pool would exceed a Java array (" + MAX_POOL_FLOATS
                    + " floats); the most this geometry can use is " + max + " blocks = " + max * perBlock + " bytes");
        }
        return new KvCacheConfig((int) blocks, blockSize, numLayers, kvDim, prefixCaching, extraHashKey);
    }

    private static long maxBlocks(int blockSize, int kvDim) {
        return MAX_POOL_FLOATS / ((long) blockSize * kvDim);
    }
}

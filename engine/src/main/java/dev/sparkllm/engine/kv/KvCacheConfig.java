package dev.sparkllm.engine.kv;

/**
 * Geometry of the paged KV cache: {@code numBlocks} blocks of {@code blockSize} token slots, values of {@code dtype}.
 *
 * <p>Storage is one array per layer for keys and one for values, not one array for everything: a Java array
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
 * @param dtype         element type of the stores (F32, F16 or BF16)
 */
public record KvCacheConfig(int numBlocks, int blockSize, int numLayers, int kvDim, boolean prefixCaching,
                            long extraHashKey, KvCacheDtype dtype) {

    /** An F32 cache. */
    public KvCacheConfig(int numBlocks, int blockSize, int numLayers, int kvDim, boolean prefixCaching, long extraHashKey) {
        this(numBlocks, blockSize, numLayers, kvDim, prefixCaching, extraHashKey, KvCacheDtype.F32);
    }

    /**
     * Largest array the pools may use. HotSpot refuses arrays within a few elements of 2^31-1, so the last 8
     * are kept off limits (as {@code java.util.ArrayList} does).
     */
    static final long MAX_POOL_VALUES = Integer.MAX_VALUE - 8L;

    public KvCacheConfig {
        if (numBlocks < 1) throw new IllegalArgumentException("numBlocks must be >= 1, got " + numBlocks);
        if (blockSize < 1 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("blockSize must be a power of two, got " + blockSize);
        }
        if (numLayers < 1) throw new IllegalArgumentException("numLayers must be >= 1, got " + numLayers);
        if (kvDim < 1) throw new IllegalArgumentException("kvDim must be >= 1, got " + kvDim);
        if (dtype == null) throw new IllegalArgumentException("dtype must be f32, f16 or bf16");
        long values = (long) numBlocks * blockSize * kvDim;
        if (values > MAX_POOL_VALUES) {
            throw new IllegalArgumentException(numBlocks + " blocks of " + blockSize + " x " + kvDim + " values need "
                    + values + " values per layer pool, more than a Java array holds (" + MAX_POOL_VALUES
                    + "); at most " + maxBlocks(blockSize, kvDim) + " blocks");
        }
    }

    /** Bytes one block takes across all layers: keys and values, {@code dtype.bytes} per value. */
    public static long bytesPerBlock(int blockSize, int numLayers, int kvDim, KvCacheDtype dtype) {
        return 2L * dtype.bytes * blockSize * numLayers * kvDim;
    }

    /** Bytes of one block in all layers, for this geometry. */
    public long bytesPerBlock() {
        return bytesPerBlock(blockSize, numLayers, kvDim, dtype);
    }

    /**
     * As many blocks as fit in {@code bytes}. Fails rather than silently shrinking or capping, so a misconfigured
     * budget is reported with the numbers needed to fix it.
     */
    public static KvCacheConfig fromMemory(long bytes, int blockSize, int numLayers, int kvDim, boolean prefixCaching,
                                           long extraHashKey) {
        return fromMemory(bytes, blockSize, numLayers, kvDim, prefixCaching, extraHashKey, KvCacheDtype.F32);
    }

    /** As many blocks of {@code dtype} values as fit in {@code bytes}; see the F32 overload. */
    public static KvCacheConfig fromMemory(long bytes, int blockSize, int numLayers, int kvDim, boolean prefixCaching,
                                           long extraHashKey, KvCacheDtype dtype) {
        if (blockSize < 1 || numLayers < 1 || kvDim < 1) {
            throw new IllegalArgumentException("blockSize, numLayers and kvDim must be >= 1, got " + blockSize + ", "
                    + numLayers + ", " + kvDim);
        }
        long perBlock = bytesPerBlock(blockSize, numLayers, kvDim, dtype);
        long blocks = bytes / perBlock;
        if (blocks < 1) {
            throw new IllegalArgumentException("KV cache budget of " + bytes + " bytes is less than one block ("
                    + perBlock + " bytes = 2 x " + dtype.bytes + " x blockSize " + blockSize + " x layers " + numLayers + " x kvDim "
                    + kvDim + ")");
        }
        long max = maxBlocks(blockSize, kvDim);
        if (blocks > max) {
            throw new IllegalArgumentException("KV cache budget of " + bytes + " bytes gives " + blocks
                    + " blocks, but a layer's pool would exceed a Java array (" + MAX_POOL_VALUES
                    + " values); the most this geometry can use is " + max + " blocks = " + max * perBlock + " bytes");
        }
        return new KvCacheConfig((int) blocks, blockSize, numLayers, kvDim, prefixCaching, extraHashKey, dtype);
    }

    private static long maxBlocks(int blockSize, int kvDim) {
        return MAX_POOL_VALUES / ((long) blockSize * kvDim);
    }
}

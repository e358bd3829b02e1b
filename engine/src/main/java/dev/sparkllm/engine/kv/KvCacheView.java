package dev.sparkllm.engine.kv;

/**
 * Where one sequence's keys and values live. Each layer has one key store and one value store, divided into blocks of
 * {@link #blockSize()} positions; a block sits at the same float offset ({@link #blockBase}) in both stores. A
 * contiguous cache lays blocks out one after another; a paged cache finds them through the sequence's block table
 * (PagedAttention).
 *
 * <pre>
 *   values, block of B positions:  [pos 0: kvDim floats][pos 1: kvDim floats] ... [pos B-1]       (position-major)
 *   keys,   block of B positions:  [dim 0: B floats][dim 1: B floats] ... [dim kvDim-1: B floats]   (dimension-major)
 * </pre>
 *
 * Keys are stored dimension-major so that attention computes the scores of a whole block of positions with one
 * vector FMA per head dimension, each lane a position, with no horizontal sums.
 */
public interface KvCacheView {

    /** Element type of the stores. */
    default KvCacheDtype dtype() {
        return KvCacheDtype.F32;
    }

    /** Layer {@code layer}'s keys: a {@code float[]} for an F32 cache, the 16-bit patterns ({@code short[]}) otherwise. */
    Object keyStore(int layer);

    /** Layer {@code layer}'s values, typed like {@link #keyStore}. */
    Object valueStore(int layer);

    /** Positions per block (a power of two). */
    int blockSize();

    /** Values per position: KV heads × head dimension. */
    int kvDim();

    /** Element offset, in both stores, of the block holding position {@code pos}; the block must be allocated. */
    int blockBase(int pos);

    /** Offset of position {@code pos}'s {@link #kvDim()} values. */
    default int valueOffset(int pos) {
        return blockBase(pos) + (pos & (blockSize() - 1)) * kvDim();
    }

    /** Offset of element {@code dim} (in [0, kvDim)) of position {@code pos}'s key. */
    default int keyOffset(int pos, int dim) {
        return blockBase(pos) + dim * blockSize() + (pos & (blockSize() - 1));
    }
}

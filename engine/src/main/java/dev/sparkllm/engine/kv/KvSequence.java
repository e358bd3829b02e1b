package dev.sparkllm.engine.kv;

import java.util.Arrays;

/**
 * One sequence's block table: logical block i of the sequence lives in physical block {@code blockId(i)} of the shared
 * {@link KvStorage} (PagedAttention). Created, grown and freed only by its {@link KvCacheManager}.
 *
 * <pre>
 *   positions  0..15   16..31   32..35
 *   table     [  7   ,   2    ,   9   ]           blockSize 16
 *   blockBase(33) = (table[33 >> 4] * 16) * kvDim = 9 * 16 * kvDim
 * </pre>
 *
 * The table array is always exactly {@code numBlocks()} long, so a position past the capacity fails with an index
 * error instead of reading a stale block.
 */
public final class KvSequence implements KvCacheView {
    private static final int[] EMPTY = new int[0];

    final KvCacheManager owner;
    private final KvStorage storage;
    private final int shift;
    private final int mask;
    private final int kvDim;
    private int[] table = EMPTY;

    /** Prefix-cache chain state: how many leading blocks are hashed, the last one's hash and stamp (see BlockPool). */
    int committedBlocks;
    long chainHash = BlockHasher.ROOT;
    long chainStamp = BlockPool.ROOT_STAMP;

    KvSequence(KvCacheManager owner) {
        this.owner = owner;
        this.storage = owner.storage();
        KvCacheConfig c = owner.config();
        this.shift = Integer.numberOfTrailingZeros(c.blockSize());
        this.mask = c.blockSize() - 1;
        this.kvDim = c.kvDim();
    }

    /** Blocks in the table. */
    public int numBlocks() {
        return table.length;
    }

    /** Positions the table can hold: {@code numBlocks * blockSize}. */
    public int capacity() {
        return table.length << shift;
    }

    public int blockId(int i) {
        return table[i];
    }

    @Override
    public KvCacheDtype dtype() {
        return storage.dtype();
    }

    @Override
    public Object keyStore(int layer) {
        return storage.keys(layer);
    }

    @Override
    public Object valueStore(int layer) {
        return storage.values(layer);
    }

    @Override
    public int blockSize() {
        return mask + 1;
    }

    @Override
    public int kvDim() {
        return kvDim;
    }

    @Override
    public int blockBase(int pos) {
        return (table[pos >> shift] << shift) * kvDim;
    }

    @Override
    public int valueOffset(int pos) {
        return ((table[pos >> shift] << shift) + (pos & mask)) * kvDim;
    }

    /** Index of the block holding {@code pos}. */
    int blockIndex(int pos) {
        return pos >> shift;
    }

    int[] table() {
        return table;
    }

    void setTable(int[] table) {
        this.table = table;
    }

    void setBlock(int i, int id) {
        table[i] = id;
    }

    /** Takes over another sequence's table (a copy) and chain state, as a fork does. */
    void copyFrom(KvSequence other) {
        table = other.table.clone();
        committedBlocks = other.committedBlocks;
        chainHash = other.chainHash;
        chainStamp = other.chainStamp;
    }

    void clear() {
        table = EMPTY;
        committedBlocks = 0;
        chainHash = BlockHasher.ROOT;
        chainStamp = BlockPool.ROOT_STAMP;
    }

    @Override
    public String toString() {
        return "KvSequence" + Arrays.toString(table);
    }
}

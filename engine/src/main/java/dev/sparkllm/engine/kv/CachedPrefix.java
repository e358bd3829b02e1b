package dev.sparkllm.engine.kv;

import java.util.Arrays;

/**
 * The longest cached prefix {@link KvCacheManager#lookup} found: the blocks holding it, in order, and the tokens they
 * cover ({@code blockIds.length * blockSize}). Reserves nothing; hand it to {@link KvCacheManager#allocate} in the same
 * scheduling step, before other allocations can evict its blocks. The array is the caller's to read, not to change.
 */
public record CachedPrefix(int[] blockIds, int numTokens) {
    public static final CachedPrefix NONE = new CachedPrefix(new int[0], 0);

    public CachedPrefix {
        if (numTokens < 0 || (blockIds.length == 0) != (numTokens == 0)) {
            throw new IllegalArgumentException(blockIds.length + " blocks cannot cover " + numTokens + " tokens");
        }
    }

    public boolean isEmpty() {
        return blockIds.length == 0;
    }

    /** By content: the record default compares the array by identity, which makes two equal lookups differ. */
    @Override
    public boolean equals(Object o) {
        return o instanceof CachedPrefix p && numTokens == p.numTokens && Arrays.equals(blockIds, p.blockIds);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(blockIds) + numTokens;
    }

    @Override
    public String toString() {
        return "CachedPrefix" + Arrays.toString(blockIds) + " (" + numTokens + " tokens)";
    }
}

package dev.sparkllm.engine.kv;

/**
 * Hash of one full block in a chain: parent block's hash, the block's token ids and a key separating models. Chaining
 * makes a block's hash stand for its whole prefix, so a lookup walks the prompt block by block. Injectable so tests can
 * force collisions; the cache never trusts a hash alone (see {@link BlockPool#find}).
 */
@FunctionalInterface
interface BlockHasher {

    /** Parent hash of a sequence's first block. */
    long ROOT = 0x6A09E667F3BCC908L;

    long hash(long parentHash, int[] tokens, int from, int count, long extraKey);

    /**
     * 64-bit multiply-rotate accumulation over the tokens (xxHash64's round) with a murmur3 finaliser. Unlike
     * {@code Arrays.hashCode} every input bit reaches every output bit, so near-identical prompts do not cluster.
     */
    BlockHasher CHAINED = (parentHash, tokens, from, count, extraKey) -> {
        final long p1 = 0x9E3779B185EBCA87L;
        final long p2 = 0xC2B2AE3D27D4EB4FL;
        long h = mix(parentHash * p1 + mix(extraKey ^ p2));
        for (int i = from; i < from + count; i++) {
            h = Long.rotateLeft(h ^ ((tokens[i] & 0xFFFFFFFFL) * p2), 31) * p1 + 0x27D4EB2F165667C5L;
        }
        return mix(h ^ count);
    };

    private static long mix(long z) {
        z = (z ^ (z >>> 33)) * 0xFF51AFD7ED558CCDL;
        z = (z ^ (z >>> 33)) * 0xC4CEB9FE1A85EC53L;
        return z ^ (z >>> 33);
    }
}

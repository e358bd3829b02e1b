package dev.sparkllm.engine.kv;

import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Objects;
import java.util.Set;

/**
 * Hands out KV blocks to sequences and shares them through the prefix cache (vLLM v1's {@code KVCacheManager} over
 * its {@code BlockPool}). Single-threaded: the scheduler owns it, the forward pass only reads block tables.
 *
 * <p>Life of a request, one scheduling step at a time:
 *
 * <pre>
 *   prefix = lookup(prompt, prompt.length - 1)       longest cached chain, nothing reserved
 *   allocate(seq, prefix.numTokens, n, prefix)        prefix blocks + fresh blocks, or false (preempt someone)
 *   ... forward pass writes positions [computed, n) ...
 *   commit(seq, tokens, n)                            newly full blocks hashed and published
 *   allocate(seq, n, n + 1, NONE)                     next decode step: a new block every blockSize tokens
 *   free(seq)                                         ref counts drop; cached blocks stay findable until evicted
 * </pre>
 *
 * <p>Positions before a sequence's {@code computedTokens} are never written again, so a full, hashed block is
 * immutable and can be shared freely. The only block two sequences may both want to write is the partial last block
 * after {@link #fork}; whichever writes first copies it (copy on write).
 */
public final class KvCacheManager {
    private final KvCacheConfig config;
    private final KvStorage storage;
    private final BlockPool pool;
    private final BlockHasher hasher;
    private final int blockSize;
    private final int shift;
    /** Sequences holding blocks; lets checkInvariants account for every reference. */
    private final Set<KvSequence> live = Collections.newSetFromMap(new IdentityHashMap<>());
    private long prefixHitTokens;

    public KvCacheManager(KvCacheConfig config) {
        this(config, BlockHasher.CHAINED);
    }

    KvCacheManager(KvCacheConfig config, BlockHasher hasher) {
        this.config = Objects.requireNonNull(config, "config");
        this.hasher = Objects.requireNonNull(hasher, "hasher");
        this.blockSize = config.blockSize();
        this.shift = Integer.numberOfTrailingZeros(blockSize);
        this.storage = new KvStorage(config);
        this.pool = new BlockPool(config.numBlocks(), blockSize);
    }

    public KvCacheConfig config() {
        return config;
    }

    public KvStorage storage() {
        return storage;
    }

    BlockPool pool() {
        return pool;
    }

    public KvSequence newSequence() {
        return new KvSequence(this);
    }

    /**
     * Longest chain of cached full blocks matching {@code tokens[0, maxTokens)}. The caller caps {@code maxTokens}
     * (prompt length - 1) so at least one token is computed and yields logits. Reserves nothing; {@link
     * CachedPrefix#NONE} when prefix caching is off or nothing matches.
     */
    public CachedPrefix lookup(int[] tokens, int maxTokens) {
        if (!config.prefixCaching()) return CachedPrefix.NONE;
        int blocks = Math.min(maxTokens, tokens.length) >> shift;
        int[] ids = new int[Math.max(blocks, 0)];
        long parentHash = BlockHasher.ROOT;
        long parentStamp = BlockPool.ROOT_STAMP;
        int found = 0;
        while (found < blocks) {
            int from = found << shift;
            parentHash = hasher.hash(parentHash, tokens, from, blockSize, config.extraHashKey());
            int id = pool.find(parentHash, tokens, from, parentStamp);
            if (id < 0) break;
            ids[found++] = id;
            parentStamp = pool.stamp(id);
        }
        return found == 0 ? CachedPrefix.NONE : new CachedPrefix(Arrays.copyOf(ids, found), found << shift);
    }

    /**
     * Makes {@code seq} able to hold positions {@code [0, totalTokens)}, owning exclusively every block that positions
     * {@code [computedTokens, totalTokens)} fall in. On an empty sequence {@code prefix} (from {@link #lookup} in the
     * same step, or NONE) becomes its first blocks. A shared block in the write range is copied first (copy on
     * write). All or nothing: false, with nothing changed, when the free blocks (less the prefix's free ones, which
     * this call would take) do not suffice.
     *
     * @throws IllegalArgumentException if the positions contradict the sequence: a prefix on a non-empty sequence or
     *                                  beyond {@code computedTokens}, computed positions without blocks, or a write
     *                                  range reaching into blocks already hashed
     * @throws IllegalStateException    if the prefix's blocks were evicted since the lookup
     */
    public boolean allocate(KvSequence seq, int computedTokens, int totalTokens, CachedPrefix prefix) {
        checkOwner(seq);
        Objects.requireNonNull(prefix, "prefix (use CachedPrefix.NONE)");
        if (computedTokens < 0 || totalTokens < computedTokens) {
            throw new IllegalArgumentException("bad range: computed " + computedTokens + ", total " + totalTokens);
        }
        if (!prefix.isEmpty()) checkPrefixUsable(seq, computedTokens, prefix);
        int[] table = prefix.isEmpty() ? seq.table() : prefix.blockIds();
        int have = table.length;
        if (computedTokens > have << shift) {
            throw new IllegalArgumentException(computedTokens + " computed tokens but only " + (have << shift)
                    + " positions in the table");
        }
        if (computedTokens < seq.committedBlocks << shift) {
            throw new IllegalArgumentException("positions before " + (seq.committedBlocks << shift)
                    + " are hashed and immutable; cannot write from " + computedTokens);
        }
        int need = (totalTokens + blockSize - 1) >> shift;
        int writeFrom = computedTokens >> shift;
        int writeTo = totalTokens > computedTokens ? Math.min(have, need) : writeFrom;
        int copies = 0;
        for (int i = writeFrom; i < writeTo; i++) {
            if (pool.refCount(table[i]) > 1) copies++;
        }
        int prefixFree = 0;
        for (int id : prefix.blockIds()) {
            if (pool.refCount(id) == 0) prefixFree++;
        }
        if (Math.max(need - have, 0) + copies > pool.numFree() - prefixFree) return false;

        if (!prefix.isEmpty()) adoptPrefix(seq, prefix);
        for (int i = writeFrom; i < writeTo && copies > 0; i++) {
            int src = seq.blockId(i);
            if (pool.refCount(src) > 1) {
                int dst = pool.takeFree();
                storage.copyBlock(src, dst, Math.max(0, Math.min(blockSize, computedTokens - (i << shift))));
                pool.release(src);
                seq.setBlock(i, dst);
                copies--;
            }
        }
        if (need > have) {
            int[] grown = Arrays.copyOf(seq.table(), need);
            for (int i = have; i < need; i++) grown[i] = pool.takeFree();
            seq.setTable(grown);
        }
        if (seq.numBlocks() > 0) live.add(seq);
        return true;
    }

    private void checkPrefixUsable(KvSequence seq, int computedTokens, CachedPrefix prefix) {
        if (seq.numBlocks() > 0) {
            throw new IllegalArgumentException("a cached prefix can only start an empty sequence; this one holds "
                    + seq.numBlocks() + " blocks");
        }
        int[] ids = prefix.blockIds();
        if (prefix.numTokens() != ids.length << shift || computedTokens < prefix.numTokens()) {
            throw new IllegalArgumentException("prefix of " + ids.length + " blocks / " + prefix.numTokens()
                    + " tokens does not fit computed tokens " + computedTokens);
        }
        long parent = BlockPool.ROOT_STAMP;
        for (int id : ids) {
            if (!pool.isCached(id) || pool.parentStamp(id) != parent) {
                throw new IllegalStateException("stale prefix: block " + id
                        + " was evicted since the lookup; look up again in the step that allocates");
            }
            parent = pool.stamp(id);
        }
    }

    private void adoptPrefix(KvSequence seq, CachedPrefix prefix) {
        int[] ids = prefix.blockIds();
        for (int id : ids) pool.touch(id);
        seq.setTable(ids.clone());
        int last = ids[ids.length - 1];
        seq.committedBlocks = ids.length;
        seq.chainHash = pool.hash(last);
        seq.chainStamp = pool.stamp(last);
        prefixHitTokens += prefix.numTokens();
    }

    /**
     * Positions {@code [0, computedTokens)} of {@code seq} now hold KV for {@code tokens[0, computedTokens)}: each
     * newly full block is hashed (once) and published. Once a block's hash is taken by a different block (a
     * collision), the rest of the sequence stays unpublished: a later block's parent could never be matched anyway.
     */
    public void commit(KvSequence seq, int[] tokens, int computedTokens) {
        checkOwner(seq);
        if (!config.prefixCaching()) return;
        if (computedTokens > seq.capacity() || computedTokens > tokens.length) {
            throw new IllegalArgumentException("cannot commit " + computedTokens + " tokens: capacity "
                    + seq.capacity() + ", tokens " + tokens.length);
        }
        int full = computedTokens >> shift;
        for (int j = seq.committedBlocks; j < full && seq.chainStamp != BlockPool.NO_STAMP; j++) {
            int from = j << shift;
            seq.chainHash = hasher.hash(seq.chainHash, tokens, from, blockSize, config.extraHashKey());
            seq.chainStamp = pool.publish(seq.blockId(j), seq.chainHash, tokens, from, seq.chainStamp);
        }
        seq.committedBlocks = Math.max(seq.committedBlocks, full);
    }

    /**
     * Drops the sequence's blocks, last first: blocks reaching ref count 0 join the free queue in that order, so a
     * sequence's tail (least likely to be shared) is evicted before its head. The sequence is empty and reusable.
     */
    public void free(KvSequence seq) {
        checkOwner(seq);
        int[] table = seq.table();
        for (int i = table.length - 1; i >= 0; i--) pool.release(table[i]);
        seq.clear();
        live.remove(seq);
    }

    /** A new sequence sharing all of {@code parent}'s blocks, for parallel sampling (n > 1). */
    public KvSequence fork(KvSequence parent) {
        checkOwner(parent);
        KvSequence child = new KvSequence(this);
        child.copyFrom(parent);
        for (int id : child.table()) pool.touch(id);
        if (child.numBlocks() > 0) live.add(child);
        return child;
    }

    /** Blocks allocatable now: the free queue, cached-but-free blocks included. */
    public int numFreeBlocks() {
        return pool.numFree();
    }

    /** Free blocks still holding a hash: the evictable prefix cache. */
    public int numCachedFreeBlocks() {
        return pool.numCachedFree();
    }

    /** Blocks with ref count > 0. */
    public int numUsedBlocks() {
        return pool.numUsed();
    }

    /** Tokens reused through prefixes passed to {@link #allocate}, since construction. */
    public long prefixHitTokens() {
        return prefixHitTokens;
    }

    /**
     * Checks the bookkeeping: ref counts never negative and equal to the references from live sequences' block tables;
     * every other block free and in the free queue exactly once (so with no live sequences every block is free and the
     * queue holds all of them); counters agree; every hash map entry points at a block holding that hash.
     *
     * @throws IllegalStateException describing the first violation
     */
    public void checkInvariants() {
        pool.checkInvariants();
        int[] refs = new int[config.numBlocks()];
        for (KvSequence seq : live) {
            if (seq.numBlocks() == 0) throw new IllegalStateException("empty sequence registered as live: " + seq);
            if (seq.committedBlocks > seq.numBlocks()) {
                throw new IllegalStateException(seq + " has " + seq.committedBlocks + " committed blocks");
            }
            for (int id : seq.table()) refs[id]++;
        }
        for (int id = 0; id < refs.length; id++) {
            if (refs[id] != pool.refCount(id)) {
                throw new IllegalStateException("block " + id + " has ref count " + pool.refCount(id) + " but "
                        + refs[id] + " references from live sequences");
            }
        }
    }

    private void checkOwner(KvSequence seq) {
        if (seq.owner != this) throw new IllegalArgumentException(seq + " belongs to another KvCacheManager");
    }
}

package dev.sparkllm.engine.kv;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-block metadata, the free queue and the prefix cache's hash map (vLLM's {@code BlockPool}). Knows nothing of
 * sequences; the manager decides which blocks a sequence holds.
 *
 * <pre>
 *   block:   refCount | cached? hash | stamp | parentStamp | token ids (blockSize)
 *   refCount 0  <=>  in the free queue (cached blocks there stay findable until popped = evicted)
 *   cached      <=>  byHash.get(hash) == block
 * </pre>
 *
 * <p>A 64-bit hash is trusted for nothing: a hit must also match the block's stored token ids and its parent. The
 * parent is recorded as a <em>stamp</em>, a number given to each block every time it is cached, rather than as a
 * block id, because an id is reused after eviction while a stamp never is. So a hit on block i proves that i was
 * computed after exactly the block that the lookup matched at i-1, whose tokens were checked the same way, down to the
 * root: a collision can cost a hit, never correctness.
 */
final class BlockPool {
    /** Parent stamp of a chain's first block. */
    static final long ROOT_STAMP = 0;
    /** Stamp returned when a block could not join the cache because its hash is taken by a different block. */
    static final long NO_STAMP = -1;

    private final int blockSize;
    private final int[] refCount;
    private final boolean[] cached;
    private final long[] hash;
    private final long[] stamp;
    private final long[] parentStamp;
    private final int[] tokens;
    private final FreeBlockQueue free;
    private final Map<Long, Integer> byHash = new HashMap<>();
    private long nextStamp = ROOT_STAMP + 1;
    private int used;
    private int cachedFree;

    BlockPool(int numBlocks, int blockSize) {
        this.blockSize = blockSize;
        refCount = new int[numBlocks];
        cached = new boolean[numBlocks];
        hash = new long[numBlocks];
        stamp = new long[numBlocks];
        parentStamp = new long[numBlocks];
        tokens = new int[Math.multiplyExact(numBlocks, blockSize)];
        free = new FreeBlockQueue(numBlocks);
    }

    int numBlocks() {
        return refCount.length;
    }

    int numFree() {
        return free.size();
    }

    int numCachedFree() {
        return cachedFree;
    }

    int numUsed() {
        return used;
    }

    int refCount(int id) {
        return refCount[id];
    }

    boolean isCached(int id) {
        return cached[id];
    }

    long hash(int id) {
        return hash[id];
    }

    long stamp(int id) {
        return stamp[id];
    }

    long parentStamp(int id) {
        return parentStamp[id];
    }

    /** Free ids in eviction order (first is evicted next). */
    int[] freeQueue() {
        return free.toArray();
    }

    /** Takes the least recently freed block for new data, evicting its cached hash: its floats are about to change. */
    int takeFree() {
        int id = free.popFirst();
        if (cached[id]) {
            cachedFree--;
            byHash.remove(hash[id]);
            cached[id] = false;
        }
        refCount[id] = 1;
        used++;
        return id;
    }

    /** One more holder; a free block (a prefix hit) leaves the queue with its contents intact. */
    void touch(int id) {
        if (refCount[id] == 0) {
            free.remove(id);
            used++;
            if (cached[id]) cachedFree--;
        }
        refCount[id]++;
    }

    /** One holder fewer; at zero the block joins the end of the queue, evicted after everything freed before it. */
    void release(int id) {
        if (refCount[id] <= 0) throw new IllegalStateException("block " + id + " released with ref count " + refCount[id]);
        if (--refCount[id] == 0) {
            free.append(id);
            used--;
            if (cached[id]) cachedFree++;
        }
    }

    /**
     * Publishes full block {@code id}, holding {@code tokens[from, from + blockSize)} computed after the block stamped
     * {@code parent}. Returns the stamp the next block of the chain should name as its parent: this block's, or, when
     * an identical block was cached first, that one's (the duplicate stays uncached). {@link #NO_STAMP} when a
     * different block owns the hash: a collision, after which the chain cannot be extended.
     */
    long publish(int id, long h, int[] tokens, int from, long parent) {
        if (cached[id]) {
            if (hash[id] != h) throw new IllegalStateException("block " + id + " is cached under another hash");
            return stamp[id];
        }
        Integer first = byHash.get(h);
        if (first != null) return matches(first, tokens, from, parent) ? stamp[first] : NO_STAMP;
        System.arraycopy(tokens, from, this.tokens, id * blockSize, blockSize);
        hash[id] = h;
        parentStamp[id] = parent;
        stamp[id] = nextStamp++;
        cached[id] = true;
        byHash.put(h, id);
        return stamp[id];
    }

    /** The cached block for {@code h} if it really holds these tokens after {@code parent}; -1 otherwise. */
    int find(long h, int[] tokens, int from, long parent) {
        Integer id = byHash.get(h);
        return id != null && matches(id, tokens, from, parent) ? id : -1;
    }

    private boolean matches(int id, int[] tokens, int from, long parent) {
        int at = id * blockSize;
        return parentStamp[id] == parent
                && Arrays.equals(this.tokens, at, at + blockSize, tokens, from, from + blockSize);
    }

    /** Checks the pool's own invariants; see {@link KvCacheManager#checkInvariants()}. */
    void checkInvariants() {
        int n = numBlocks();
        boolean[] queued = new boolean[n];
        int queuedCached = 0;
        for (int id : free.toArray()) {
            if (queued[id]) throw new IllegalStateException("block " + id + " is twice in the free queue");
            queued[id] = true;
            if (cached[id]) queuedCached++;
        }
        int inUse = 0;
        int cachedCount = 0;
        for (int id = 0; id < n; id++) {
            if (refCount[id] < 0) throw new IllegalStateException("block " + id + " has ref count " + refCount[id]);
            if ((refCount[id] == 0) != queued[id]) {
                throw new IllegalStateException("block " + id + " has ref count " + refCount[id]
                        + (queued[id] ? " but is" : " but is not") + " in the free queue");
            }
            if (refCount[id] > 0) inUse++;
            if (cached[id]) {
                cachedCount++;
                Integer mapped = byHash.get(hash[id]);
                if (mapped == null || mapped != id) {
                    throw new IllegalStateException("cached block " + id + " is not what the hash map holds for its hash ("
                            + mapped + ")");
                }
            }
        }
        for (Map.Entry<Long, Integer> e : byHash.entrySet()) {
            int id = e.getValue();
            if (!cached[id] || hash[id] != e.getKey()) {
                throw new IllegalStateException("hash map entry " + e.getKey() + " -> block " + id
                        + " but that block holds " + (cached[id] ? "hash " + hash[id] : "no hash"));
            }
        }
        if (cachedCount != byHash.size()) throw new IllegalStateException("hash map size " + byHash.size()
                + " != cached blocks " + cachedCount);
        if (inUse != used) throw new IllegalStateException("used count " + used + " != blocks in use " + inUse);
        if (queuedCached != cachedFree) {
            throw new IllegalStateException("cached-free count " + cachedFree + " != cached blocks queued " + queuedCached);
        }
    }
}

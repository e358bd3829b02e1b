package dev.sparkllm.engine.kv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Thousands of seeded random operations (new sequences with repeating prefixes, prefix hits, chunked growth, decode,
 * fork, preemption, free, bare lookups) on a small pool under pressure. After every operation the bookkeeping must hold
 * and every live sequence must read, through its block table, exactly the keys and values its own tokens produced:
 * a block reused for the wrong prefix, a missing copy on write or a write into a shared block shows up as a wrong
 * float.
 */
class RandomWorkloadTest {
    private static final int BLOCK = 4;
    private static final int LAYERS = 2;
    private static final int KV_DIM = 2;
    private static final int OPS = 4000;

    /** A sequence of the simulation: its tokens so far and how many have KV written. */
    private static final class Sim {
        final KvSequence seq;
        int[] tokens;
        int computed;

        Sim(KvSequence seq, int[] tokens, int computed) {
            this.seq = seq;
            this.tokens = tokens;
            this.computed = computed;
        }
    }

    private final List<Sim> live = new ArrayList<>();
    private KvCacheManager m;
    private SplittableRandom rnd;
    private int allocationFailures;

    @Test
    void prefixCachingWithTheRealHash() {
        long hits = runWorkload(new KvCacheManager(config(true), BlockHasher.CHAINED), 11);
        assertTrue(hits > 0, "the workload must exercise prefix hits");
    }

    @Test
    void prefixCachingWithACollidingHash() {
        // Two hash values for everything: nearly every publish and lookup meets a colliding block.
        runWorkload(new KvCacheManager(config(true), (parent, tokens, from, count, key) -> tokens[from] & 1), 12);
    }

    @Test
    void withoutPrefixCaching() {
        assertEquals(0, runWorkload(new KvCacheManager(config(false)), 13));
    }

    private static KvCacheConfig config(boolean prefixCaching) {
        return new KvCacheConfig(40, BLOCK, LAYERS, KV_DIM, prefixCaching, 5L);
    }

    private long runWorkload(KvCacheManager manager, long seed) {
        m = manager;
        rnd = new SplittableRandom(seed);
        int[][] bases = new int[4][];
        for (int i = 0; i < bases.length; i++) bases[i] = randomTokens(24);
        for (int op = 0; op < OPS; op++) {
            int kind = rnd.nextInt(10);
            if (kind < 3 || live.isEmpty()) {
                admit(bases[rnd.nextInt(bases.length)]);
            } else if (kind < 7) {
                grow(live.get(rnd.nextInt(live.size())));
            } else if (kind == 7) {
                Sim parent = live.get(rnd.nextInt(live.size()));
                live.add(new Sim(m.fork(parent.seq), parent.tokens.clone(), parent.computed));
            } else if (kind == 8) {
                release(live.get(rnd.nextInt(live.size())));
            } else {
                int[] probe = randomTokens(1 + rnd.nextInt(30));
                checkPrefix(probe, m.lookup(probe, probe.length));
            }
            m.checkInvariants();
            live.forEach(RandomWorkloadTest::checkContents);
        }
        assertTrue(allocationFailures > 0, "the pool must come under pressure");
        while (!live.isEmpty()) release(live.get(live.size() - 1));
        m.checkInvariants();
        assertEquals(0, m.numUsedBlocks());
        assertEquals(m.config().numBlocks(), m.numFreeBlocks());
        return m.prefixHitTokens();
    }

    private int[] randomTokens(int n) {
        int[] t = new int[n];
        for (int i = 0; i < n; i++) t[i] = rnd.nextInt(3);
        return t;
    }

    /** A prompt of a base's random-length head and a random tail; its cached prefix (if any) and a first chunk. */
    private void admit(int[] base) {
        int head = rnd.nextInt(base.length + 1);
        int[] prompt = KvTesting.concat(Arrays.copyOf(base, head), randomTokens(1 + rnd.nextInt(12)));
        CachedPrefix prefix = m.lookup(prompt, prompt.length - 1);
        checkPrefix(prompt, prefix);
        int start = prefix.numTokens();
        Sim sim = new Sim(m.newSequence(), prompt, start);
        int end = start + 1 + rnd.nextInt(prompt.length - start);
        if (!m.allocate(sim.seq, start, end, prefix)) {
            allocationFailures++;
            return;
        }
        live.add(sim);
        compute(sim, end);
    }

    /** The next prompt chunk, or one decoded token; on failure the newest sequence is preempted, as the scheduler does. */
    private void grow(Sim sim) {
        if (sim.computed == sim.tokens.length) {
            sim.tokens = Arrays.copyOf(sim.tokens, sim.tokens.length + 1);
            sim.tokens[sim.tokens.length - 1] = rnd.nextInt(3);
        }
        int end = sim.computed + 1 + rnd.nextInt(sim.tokens.length - sim.computed);
        if (m.allocate(sim.seq, sim.computed, end, CachedPrefix.NONE)) {
            compute(sim, end);
        } else {
            allocationFailures++;
            release(live.get(live.size() - 1));
        }
    }

    private void release(Sim sim) {
        m.free(sim.seq);
        live.remove(sim);
    }

    /** Writes the KV of positions [computed, end), as the forward pass would, and commits them. */
    private void compute(Sim sim, int end) {
        for (int pos = sim.computed; pos < end; pos++) {
            long state = prefixState(sim.tokens, pos);
            for (int l = 0; l < LAYERS; l++) {
                for (int i = 0; i < KV_DIM; i++) {
                    ((float[]) sim.seq.keyStore(l))[sim.seq.keyOffset(pos, i)] = expected(state, l, i);
                    ((float[]) sim.seq.valueStore(l))[sim.seq.valueOffset(pos) + i] = expected(state, l, KV_DIM + i);
                }
            }
        }
        sim.computed = end;
        m.commit(sim.seq, sim.tokens, end);
    }

    private void checkPrefix(int[] tokens, CachedPrefix prefix) {
        KvSequence view = m.newSequence();
        view.setTable(prefix.blockIds());
        checkPositions(view, tokens, prefix.numTokens());
    }

    private static void checkContents(Sim sim) {
        checkPositions(sim.seq, sim.tokens, sim.computed);
    }

    /** Positions [0, n) read through the view hold exactly what tokens[0, n) produce. */
    private static void checkPositions(KvSequence view, int[] tokens, int n) {
        long state = 0;
        for (int pos = 0; pos < n; pos++) {
            state = step(state, tokens[pos]);
            for (int l = 0; l < LAYERS; l++) {
                for (int i = 0; i < KV_DIM; i++) {
                    if (((float[]) view.keyStore(l))[view.keyOffset(pos, i)] != expected(state, l, i)
                            || ((float[]) view.valueStore(l))[view.valueOffset(pos) + i] != expected(state, l, KV_DIM + i)) {
                        throw new AssertionError("position " + pos + " layer " + l + " of " + view
                                + " holds KV of another prefix; tokens " + Arrays.toString(tokens));
                    }
                }
            }
        }
    }

    /** Depends on every token up to pos, as real KV does through attention. */
    private static long prefixState(int[] tokens, int pos) {
        long state = 0;
        for (int p = 0; p <= pos; p++) state = step(state, tokens[p]);
        return state;
    }

    private static long step(long state, int token) {
        return BlockHasher.CHAINED.hash(state, new int[] {token}, 0, 1, 0);
    }

    /** 24 bits of the state per float, so floats hold them exactly. */
    private static float expected(long state, int layer, int component) {
        return (float) ((state >>> (component * 5 + layer * 13)) & 0xFFFFFF);
    }
}

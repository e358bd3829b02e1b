package dev.sparkllm.engine.sample;

import java.util.Arrays;

/**
 * Ranking of token ids by logit, descending, ties to the lower id, without sorting the whole vocabulary when only the
 * head is needed. Each (logit, id) pair is packed into one long whose natural order is the ranking, so selection and
 * sorting are boxing-free on 150k-token vocabularies.
 */
final class TopCandidates {
    private TopCandidates() { }

    /** The {@code k} best ids in rank order, by a size-k min-heap: O(V log k) instead of O(V log V). */
    static int[] topK(float[] logits, int off, int vocab, int k) {
        int n = Math.min(k, vocab);
        long[] heap = new long[n];   // heap[0] is the worst candidate kept so far
        for (int i = 0; i < vocab; i++) {
            long g = rankKey(logits[off + i], i);
            if (i < n) {
                heap[i] = g;
                siftUp(heap, i);
            } else if (g > heap[0]) {
                heap[0] = g;
                siftDown(heap, n);
            }
        }
        return sortedIds(heap, n);
    }

    /** Every id whose logit is at least {@code threshold}, in rank order; only those are sorted. */
    static int[] atLeast(float[] logits, int off, int vocab, double threshold) {
        long[] keys = new long[16];
        int n = 0;
        for (int i = 0; i < vocab; i++) {
            if (logits[off + i] >= threshold) {
                if (n == keys.length) keys = Arrays.copyOf(keys, n * 2);
                keys[n++] = rankKey(logits[off + i], i);
            }
        }
        return sortedIds(keys, n);
    }

    /** All ids in rank order. */
    static int[] all(float[] logits, int off, int vocab) {
        return atLeast(logits, off, vocab, Double.NEGATIVE_INFINITY);
    }

    private static int[] sortedIds(long[] keys, int n) {
        Arrays.sort(keys, 0, n);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = idOf(keys[n - 1 - i]);
        return ids;
    }

    /** Larger is better: the logit's order in the high half, the reversed id (lower id wins ties) in the low half. */
    static long rankKey(float logit, int id) {
        int bits = Float.floatToIntBits(logit);
        int ordered = bits >= 0 ? bits : bits ^ 0x7fffffff;   // signed-int order equals float order
        return ((long) ordered << 32) | (Integer.MAX_VALUE - id);
    }

    private static int idOf(long key) {
        return Integer.MAX_VALUE - (int) key;
    }

    private static void siftUp(long[] h, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (h[parent] <= h[i]) return;
            swap(h, parent, i);
            i = parent;
        }
    }

    private static void siftDown(long[] h, int n) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) return;
            int m = l + 1 < n && h[l + 1] < h[l] ? l + 1 : l;
            if (h[i] <= h[m]) return;
            swap(h, i, m);
            i = m;
        }
    }

    private static void swap(long[] h, int a, int b) {
        long t = h[a];
        h[a] = h[b];
        h[b] = t;
    }
}

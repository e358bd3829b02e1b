package dev.sparkllm.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * BPE over one pre-tokenized piece: start from characters, repeatedly merge the best-ranked adjacent pair (ties to
 * the leftmost, as both HF and llama.cpp do), then map characters missing from the vocabulary to byte-fallback
 * tokens or the unknown token.
 */
final class BpeModel {
    private static final int CACHE_LIMIT = 20_000;
    private static final int CACHE_MAX_PIECE = 256;

    private final Vocabulary vocab;
    private final MergeRanks merges;
    private final int[] byteTokens;
    private final int unkId;
    private final boolean fuseUnk;
    private final boolean ignoreMerges;
    private final String subwordPrefix;
    private final String wordSuffix;
    private final ConcurrentHashMap<String, int[]> cache = new ConcurrentHashMap<>();

    /**
     * @param byteFallback map unknown characters to {@code <0xNN>} tokens instead of {@code unkId}
     * @param unkId        unknown token id, or -1 (then an unknown character is an error)
     */
    BpeModel(Vocabulary vocab, MergeRanks merges, boolean byteFallback, int unkId, boolean fuseUnk,
             boolean ignoreMerges, String subwordPrefix, String wordSuffix) {
        this.vocab = vocab;
        this.merges = merges;
        this.byteTokens = byteFallback ? vocab.byteTokenIds() : null;
        this.unkId = unkId;
        this.fuseUnk = fuseUnk;
        this.ignoreMerges = ignoreMerges;
        this.subwordPrefix = subwordPrefix == null ? "" : subwordPrefix;
        this.wordSuffix = wordSuffix == null ? "" : wordSuffix;
    }

    void encode(String piece, IntList out) {
        if (piece.isEmpty()) {
            return;
        }
        if (ignoreMerges) {
            int whole = vocab.id(piece);
            if (whole >= 0) {
                out.add(whole);
                return;
            }
        }
        int[] cached = cache.get(piece);
        if (cached == null) {
            cached = merge(piece);
            if (piece.length() <= CACHE_MAX_PIECE && cache.size() < CACHE_LIMIT) {
                cache.put(piece, cached);
            }
        }
        out.addAll(cached);
    }

    private int[] merge(String piece) {
        int nChars = piece.codePointCount(0, piece.length());
        int[] ids = new int[nChars];
        boolean[] frozen = new boolean[nChars];
        IntList expanded = new IntList();
        int[] next = new int[nChars];
        int[] prev = new int[nChars];
        int n = 0;
        for (int off = 0, k = 0; off < piece.length(); k++) {
            int cp = piece.codePointAt(off);
            int end = off + Character.charCount(cp);
            String ch = piece.substring(off, end);
            if (k > 0) {
                ch = subwordPrefix + ch;
            }
            if (end == piece.length()) {
                ch = ch + wordSuffix;
            }
            int id = vocab.id(ch);
            ids[n] = id;
            frozen[n] = id < 0;
            n++;
            off = end;
        }
        for (int i = 0; i < n; i++) {
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        // Entries: {rank, left position, left id, right id, result id}; stale entries are skipped when popped.
        PriorityQueue<long[]> queue = new PriorityQueue<>((x, y) -> x[0] != y[0] ? Long.compare(x[0], y[0])
                : Long.compare(x[1], y[1]));
        for (int i = 0; i + 1 < n; i++) {
            offer(queue, ids, frozen, i, i + 1);
        }
        while (!queue.isEmpty()) {
            long[] e = queue.poll();
            int left = (int) e[1];
            int right = left >= 0 && ids[left] != Integer.MIN_VALUE ? next[left] : -1;
            if (right < 0 || ids[left] != e[2] || ids[right] != e[3]) {
                continue;
            }
            ids[left] = (int) e[4];
            ids[right] = Integer.MIN_VALUE;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(queue, ids, frozen, prev[left], left);
            }
            if (next[left] >= 0) {
                offer(queue, ids, frozen, left, next[left]);
            }
        }
        boolean lastWasUnk = false;
        int charIndex = 0;
        int off = 0;
        for (int i = 0; i >= 0 && n > 0; i = next[i]) {
            // Positions are character indexes; recover the character text of frozen (unknown) symbols.
            while (charIndex < i) {
                off += Character.charCount(piece.codePointAt(off));
                charIndex++;
            }
            if (!frozen[i]) {
                expanded.add(ids[i]);
                lastWasUnk = false;
                continue;
            }
            String ch = new String(Character.toChars(piece.codePointAt(off)));
            if (byteTokens != null && appendBytes(ch, expanded)) {
                lastWasUnk = false;
            } else if (unkId < 0) {
                throw new TokenizerException("character U+" + Integer.toHexString(piece.codePointAt(off))
                        + " is not in the vocabulary and the model has no unknown token");
            } else if (!(fuseUnk && lastWasUnk)) {
                expanded.add(unkId);
                lastWasUnk = true;
            }
        }
        return expanded.toArray();
    }

    private boolean appendBytes(String ch, IntList out) {
        byte[] bytes = ch.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            if (byteTokens[b & 0xFF] < 0) {
                return false;
            }
        }
        for (byte b : bytes) {
            out.add(byteTokens[b & 0xFF]);
        }
        return true;
    }

    private void offer(PriorityQueue<long[]> queue, int[] ids, boolean[] frozen, int left, int right) {
        if (frozen[left] || frozen[right]) {
            return;
        }
        long m = merges.lookup(ids[left], ids[right]);
        if (m >= 0) {
            queue.add(new long[] {m >>> 32, left, ids[left], ids[right], (int) m});
        }
    }
}

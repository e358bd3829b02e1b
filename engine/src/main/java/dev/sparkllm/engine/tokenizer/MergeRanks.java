package dev.sparkllm.engine.tokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * Which adjacent pair BPE merges first. One merge loop serves both rules: HF (and GGUF {@code gpt2}) rank pairs by
 * their position in the merge list; llama.cpp's SentencePiece rule ranks by the score of the concatenated piece.
 */
interface MergeRanks {
    /** Packed {@code rank << 32 | resultId} (lower rank merges first), or -1 if the pair does not merge. */
    long lookup(int left, int right);

    static long pack(int rank, int resultId) {
        return ((long) rank << 32) | (resultId & 0xFFFFFFFFL);
    }

    /** Ranks from an ordered merge list ({@code "a b"} strings or {@code [a, b]} pairs resolved to ids). */
    final class ByList implements MergeRanks {
        private final Map<Long, Long> table = new HashMap<>();

        /** Adds the next merge in priority order; skipped (like HF) when a part or the result is not in the vocab. */
        void add(Vocabulary vocab, String left, String right, String where) {
            int a = vocab.id(left);
            int b = vocab.id(right);
            int r = vocab.id(left + right);
            if (a < 0 || b < 0 || r < 0) {
                throw new TokenizerException("merge '" + left + " " + right + "' in " + where
                        + " refers to a piece that is not in the vocabulary");
            }
            table.putIfAbsent(key(a, b), pack(table.size(), r));
        }

        @Override
        public long lookup(int left, int right) {
            Long v = table.get(key(left, right));
            return v == null ? -1 : v;
        }

        int size() {
            return table.size();
        }

        private static long key(int a, int b) {
            return ((long) a << 32) | (b & 0xFFFFFFFFL);
        }
    }

    /** llama.cpp SPM: a pair merges if the concatenation is a vocab piece; higher score first. */
    final class ByScore implements MergeRanks {
        private final Vocabulary vocab;
        private final int[] rankOfId;

        ByScore(Vocabulary vocab, float[] scores) {
            this.vocab = vocab;
            Integer[] order = new Integer[scores.length];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, (x, y) -> Float.compare(scores[y], scores[x]));
            rankOfId = new int[scores.length];
            int rank = 0;
            for (int i = 0; i < order.length; i++) {
                if (i > 0 && scores[order[i]] != scores[order[i - 1]]) {
                    rank = i;
                }
                rankOfId[order[i]] = rank;
            }
        }

        @Override
        public long lookup(int left, int right) {
            int r = vocab.id(vocab.text(left) + vocab.text(right));
            return r < 0 ? -1 : pack(rankOfId[r], r);
        }
    }
}

package dev.sparkllm.engine.sample;

import dev.sparkllm.engine.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.Set;

/**
 * Decides, token by token, when one generated sequence ends, and keeps its text. One instance per sequence; not
 * thread-safe.
 *
 * <p>Rules (vLLM's):
 * <ul>
 *   <li>A sequence ends with reason {@link Decision#STOP} on an EOS id (unless ignore_eos), on a stop_token_id, or when
 *       a stop string appears in the detokenized text; with {@link Decision#LENGTH} once max_tokens ids exist. A stop
 *       condition met by the max_tokens-th token wins over the length limit.</li>
 *   <li>Until min_tokens ids exist, EOS, stop token ids and stop strings do not end the sequence; such a token is then
 *       ordinary output. Stop strings are searched only in text that overlaps what the newest token added, so a stop
 *       string completed before min_tokens is not matched retroactively.</li>
 *   <li>The text of the EOS or stop token is left out, unless include_stop_str_in_output (then subject to
 *       skip_special_tokens like any token). A matched stop string is cut off with everything after it, unless
 *       include_stop_str_in_output, which keeps the stop string itself. Text that follows the stop string is always
 *       dropped, even when the same token produced it.</li>
 *   <li>Among stop strings found at the same step, the one starting earliest wins (ties: the first listed).</li>
 *   <li>{@link #tokenIds()} keeps every generated id, the EOS or stop token included, so callers see why it ended.</li>
 * </ul>
 *
 * <p>Text comes from the tokenizer's {@link Tokenizer.StreamingDecoder}, which re-decodes only a short window per
 * token and holds back incomplete UTF-8, so stop strings split over several tokens (or sharing text with the previous
 * token) are found once their text is complete; text the decoder holds back only in case a later byte changes it is
 * searched tentatively (see {@link #heldText()}), so such a stop string ends the sequence at the token completing it. Bytes still incomplete when the sequence ends are dropped, so
 * {@link #text()} never ends in a broken character.
 */
public final class StopChecker {
    /** What {@link #add} decided. */
    public enum Decision {
        CONTINUE, STOP, LENGTH;

        public boolean finished() { return this != CONTINUE; }
    }

    private final Tokenizer tokenizer;
    private final SamplingParams params;
    private final Set<Integer> eosIds;
    private final Tokenizer.StreamingDecoder decoder;
    private final StringBuilder text = new StringBuilder();
    private int[] ids = new int[16];
    private int count;
    /** How many ids the decoder had seen when it last emitted text: the ids after that are held back. */
    private int emittedThrough;
    private Decision decision = Decision.CONTINUE;
    private String stopString;
    /** The decoder has been flushed: the text is final and no more tokens are accepted. */
    private boolean closed;

    public StopChecker(Tokenizer tokenizer, SamplingParams params, Set<Integer> eosIds) {
        this.tokenizer = tokenizer;
        this.params = params;
        this.eosIds = Set.copyOf(eosIds);
        this.decoder = tokenizer.streamingDecoder(params.skipSpecialTokens());
    }

    /** Records the next generated token and says whether the sequence goes on. */
    public Decision add(int tokenId) {
        if (closed) throw new IllegalStateException("the sequence has already ended (" + decision + "); no more tokens");
        if (count == ids.length) ids = Arrays.copyOf(ids, count * 2);
        ids[count++] = tokenId;
        boolean mayStop = count >= params.minTokens();
        if (mayStop && isStopToken(tokenId)) {
            if (params.includeStopStrInOutput()) text.append(decoder.add(tokenId));
            return finish(Decision.STOP, true);
        }
        String fresh = decoder.add(tokenId);
        if (!fresh.isEmpty()) emittedThrough = count;
        boolean atLimit = count >= params.maxTokens();
        // At the limit, text still held back is final now; it may complete a stop string, so it is searched too.
        if (atLimit) fresh += flushComplete();
        text.append(fresh);
        if (mayStop && !params.stop().isEmpty() && cutAtStopString(fresh.length(), atLimit ? "" : heldText())) {
            return finish(Decision.STOP, false);
        }
        if (atLimit) return finish(Decision.LENGTH, false);
        return Decision.CONTINUE;
    }

    private boolean isStopToken(int id) {
        return (!params.ignoreEos() && eosIds.contains(id)) || params.stopTokenIds().contains(id);
    }

    /**
     * Finds the earliest stop string ending inside the newest text ({@code freshLength} committed chars plus the
     * {@code held} text) and truncates the output there; without a match the output stays as it was.
     */
    private boolean cutAtStopString(int freshLength, String held) {
        int committed = text.length();
        text.append(held);
        int len = text.length();
        int newest = freshLength + held.length();
        int best = -1;
        String found = null;
        for (String s : params.stop()) {
            int i = text.indexOf(s, Math.max(0, len - newest - s.length() + 1));
            if (i >= 0 && (best < 0 || i < best)) {
                best = i;
                found = s;
            }
        }
        if (found == null) {
            text.setLength(committed);
            return false;
        }
        text.setLength(params.includeStopStrInOutput() ? best + found.length() : best);
        stopString = found;
        return true;
    }

    /**
     * Text of the tokens the streaming decoder still holds back, decoded tentatively, complete characters only. The
     * decoder waits after byte-fallback tokens because a later byte could still change the run (Hugging Face turns a
     * whole invalid run into U+FFFD); a stop string completed by such a run must still end the sequence at this token,
     * and if it does, no later byte ever comes, so the tentative text is the final one. Decoding from one token before
     * the held ones keeps first-token effects (SentencePiece's leading-space strip) as in the full text; the window is
     * only the held tokens, never the whole output.
     */
    private String heldText() {
        if (emittedThrough == count) return "";
        int from = Math.max(0, emittedThrough - 1);
        String before = tokenizer.decode(Arrays.copyOfRange(ids, from, emittedThrough), params.skipSpecialTokens());
        String now = tokenizer.decode(Arrays.copyOfRange(ids, from, count), params.skipSpecialTokens());
        return now.startsWith(before) ? withoutTrailingReplacement(now.substring(before.length())) : "";
    }

    private Decision finish(Decision d, boolean flush) {
        if (flush) text.append(flushComplete());
        decision = d;
        closed = true;
        return d;
    }

    /** Pending text minus trailing U+FFFD, which at the end can only stand for bytes of an unfinished character. */
    private String flushComplete() {
        return withoutTrailingReplacement(decoder.flush());
    }

    private static String withoutTrailingReplacement(String s) {
        int end = s.length();
        while (end > 0 && s.charAt(end - 1) == '\uFFFD') end--;
        return s.substring(0, end);
    }

    /**
     * The output text: final once the sequence has ended. Called before that (a caller that stopped for its own reason,
     * e.g. the context is full), it finalizes the text and ends the sequence with the current decision.
     */
    public String text() {
        if (!closed) {
            text.append(flushComplete());
            closed = true;
        }
        return text.toString();
    }

    /** Every generated id, the EOS or stop token included. */
    public int[] tokenIds() {
        return Arrays.copyOf(ids, count);
    }

    public int count() { return count; }

    public Decision decision() { return decision; }

    /** The stop string that ended the sequence, or null. */
    public String stopString() { return stopString; }
}

package dev.sparkllm.engine.bench;

import dev.sparkllm.engine.tokenizer.Tokenizer;
import dev.sparkllm.engine.tokenizer.TokenizerException;
import java.util.List;

/**
 * The tokenizer of a synthetic benchmark model. It exists only so that the engine can detokenize what a random-weight
 * model generates: token {@code i} is the text {@code <ti>}, and encoding accepts only that syntax (any other text is
 * an error, since there is no real vocabulary to split it into). Ids 0..2 are special (0 padding, 1 BOS, 2 reserved);
 * there is no EOS id, because benchmark requests run to their length with ignore_eos anyway.
 */
public final class SyntheticTokenizer implements Tokenizer {
    public static final int BOS = 1;
    /** Benchmark prompts draw ids from [FIRST_ORDINARY, vocab), leaving the special ids out. */
    public static final int FIRST_ORDINARY = 3;

    private final int vocabSize;

    public SyntheticTokenizer(int vocabSize) {
        if (vocabSize <= FIRST_ORDINARY) throw new IllegalArgumentException("vocab size must exceed " + FIRST_ORDINARY);
        this.vocabSize = vocabSize;
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        return encode(text, addSpecialTokens, true);
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens, boolean parseSpecial) {
        int[] ids = new int[text.length() / 4 + 1];
        int n = 0;
        if (addSpecialTokens) ids[n++] = BOS;
        int i = 0;
        while (i < text.length()) {
            int end = text.indexOf('>', i);
            if (!text.startsWith("<t", i) || end < 0) throw notSynthetic(text, i);
            int id;
            try {
                id = Integer.parseInt(text, i + 2, end, 10);
            } catch (NumberFormatException e) {
                throw notSynthetic(text, i);
            }
            checkId(id);
            if (n == ids.length) ids = java.util.Arrays.copyOf(ids, n * 2);
            ids[n++] = id;
            i = end + 1;
        }
        return java.util.Arrays.copyOf(ids, n);
    }

    private static TokenizerException notSynthetic(String text, int at) {
        return new TokenizerException("the synthetic benchmark tokenizer only encodes text of the form <t123><t45>..., "
            + "found '" + text.substring(at, Math.min(text.length(), at + 20)) + "' at offset " + at);
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        StringBuilder sb = new StringBuilder(ids.length * 7);
        for (int id : ids) {
            if (!(skipSpecialTokens && isSpecial(id))) sb.append(tokenText(id));
        }
        return sb.toString();
    }

    @Override
    public StreamingDecoder streamingDecoder(boolean skipSpecialTokens) {
        // Every token is whole text on its own, so streaming needs no look-ahead.
        return new StreamingDecoder() {
            @Override
            public String add(int id) { return skipSpecialTokens && isSpecial(id) ? "" : tokenText(id); }

            @Override
            public String flush() { return ""; }
        };
    }

    @Override
    public int vocabSize() { return vocabSize; }

    @Override
    public String tokenText(int id) {
        checkId(id);
        return "<t" + id + ">";
    }

    private void checkId(int id) {
        if (id < 0 || id >= vocabSize) throw new TokenizerException("token id " + id + " is outside the vocabulary of " + vocabSize + " ids");
    }

    @Override
    public int bosId() { return BOS; }

    @Override
    public List<Integer> eosIds() { return List.of(); }

    @Override
    public boolean isSpecial(int id) { return id >= 0 && id < FIRST_ORDINARY; }
}

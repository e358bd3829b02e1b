package dev.sparkllm.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * The one {@link Tokenizer} implementation: added-token split, normalizer, pre-tokenizer, BPE, special-token
 * template, and a decoder chain. The HF and GGUF loaders differ only in how they assemble these {@link Parts}.
 */
final class PipelineTokenizer implements Tokenizer {

    /** Everything a loader decides. {@code texts} covers the whole id space, added tokens included. */
    record Parts(Vocabulary texts, List<AddedToken> addedTokens, Normalizer normalizer, PreTokenizer preTokenizer,
                 BpeModel model, Decoder decoder, int[] prefixIds, int[] suffixIds, int bosId, List<Integer> eosIds,
                 boolean[] byteTokens) {
    }

    private final Parts parts;
    private final AddedTokenSplitter rawSplitter;
    private final AddedTokenSplitter normalizedSplitter;
    private final boolean[] special;

    PipelineTokenizer(Parts parts) {
        this.parts = parts;
        this.rawSplitter = new AddedTokenSplitter(parts.addedTokens().stream().filter(t -> !t.normalized()).toList());
        this.normalizedSplitter = new AddedTokenSplitter(
                parts.addedTokens().stream().filter(AddedToken::normalized).toList());
        this.special = new boolean[parts.texts().size()];
        for (AddedToken t : parts.addedTokens()) {
            special[t.id()] |= t.special();
        }
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens) {
        return encode(text, addSpecialTokens, true);
    }

    @Override
    public int[] encode(String text, boolean addSpecialTokens, boolean parseSpecial) {
        IntList out = new IntList();
        if (addSpecialTokens) {
            out.addAll(parts.prefixIds());
        }
        for (AddedTokenSplitter.Segment raw : rawSplitter.split(text, 0, parseSpecial)) {
            if (raw.isToken()) {
                out.add(raw.id());
                continue;
            }
            String normalized = parts.normalizer().normalize(raw.text());
            for (AddedTokenSplitter.Segment seg : normalizedSplitter.split(normalized, raw.start(), parseSpecial)) {
                if (seg.isToken()) {
                    out.add(seg.id());
                    continue;
                }
                for (String piece : parts.preTokenizer().splitAll(seg.text(), seg.start() == 0)) {
                    parts.model().encode(piece, out);
                }
            }
        }
        if (addSpecialTokens) {
            out.addAll(parts.suffixIds());
        }
        return out.toArray();
    }

    @Override
    public String decode(int[] ids, boolean skipSpecialTokens) {
        return decodeRange(ids, 0, ids.length, skipSpecialTokens);
    }

    String decodeRange(int[] ids, int from, int to, boolean skipSpecialTokens) {
        return parts.decoder().decode(tokenTexts(ids, from, to, skipSpecialTokens));
    }

    /** The texts the decoder chain sees for {@code ids[from, to)}. */
    private List<String> tokenTexts(int[] ids, int from, int to, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            String t = parts.texts().text(ids[i]);
            if (t == null) {
                throw new TokenizerException("token id " + ids[i] + " is outside the vocabulary of "
                        + vocabSize() + " ids");
            }
            if (!(skipSpecialTokens && special[ids[i]])) {
                tokens.add(t);
            }
        }
        return tokens;
    }

    @Override
    public StreamingDecoder streamingDecoder(boolean skipSpecialTokens) {
        return new IncrementalDecoder(this, skipSpecialTokens);
    }

    /** Whether {@code id} is a byte-fallback token, whose text may still change with the tokens that follow. */
    boolean isByteToken(int id) {
        return id >= 0 && id < parts.byteTokens().length && parts.byteTokens()[id];
    }

    @Override
    public int vocabSize() {
        return parts.texts().size();
    }

    @Override
    public String tokenText(int id) {
        String t = parts.texts().text(id);
        if (t == null) {
            throw new TokenizerException("token id " + id + " is outside the vocabulary of " + vocabSize() + " ids");
        }
        return t;
    }

    @Override
    public int bosId() {
        return parts.bosId();
    }

    @Override
    public List<Integer> eosIds() {
        return parts.eosIds();
    }

    @Override
    public boolean isSpecial(int id) {
        return id >= 0 && id < special.length && special[id];
    }
}

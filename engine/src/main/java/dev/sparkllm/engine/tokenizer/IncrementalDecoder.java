package dev.sparkllm.engine.tokenizer;

/**
 * Streaming decode by re-decoding a short window: text is emitted only once the window's decoded text no longer ends
 * in U+FFFD and the last token is not a byte-fallback token (a later byte can still turn the run into a character,
 * or make it invalid). Decoding {@code [prefix, read)} and {@code [prefix, end)} with the same first token keeps
 * first-token effects (Strip, Metaspace) identical, so the difference is exactly the new text.
 */
final class IncrementalDecoder implements Tokenizer.StreamingDecoder {
    private final PipelineTokenizer tokenizer;
    private final boolean skipSpecial;
    private final IntList ids = new IntList();
    private int prefixOffset;
    private int readOffset;

    IncrementalDecoder(PipelineTokenizer tokenizer, boolean skipSpecial) {
        this.tokenizer = tokenizer;
        this.skipSpecial = skipSpecial;
    }

    @Override
    public String add(int id) {
        tokenizer.tokenText(id);
        ids.add(id);
        if (tokenizer.isByteToken(id)) {
            return "";
        }
        String pending = pendingText();
        if (pending.isEmpty() || pending.charAt(pending.length() - 1) == Utf8.REPLACEMENT) {
            return "";
        }
        prefixOffset = readOffset;
        readOffset = ids.size();
        return pending;
    }

    @Override
    public String flush() {
        String pending = pendingText();
        prefixOffset = readOffset;
        readOffset = ids.size();
        return pending;
    }

    private String pendingText() {
        int[] all = ids.toArray();
        String before = decode(all, prefixOffset, readOffset);
        String now = decode(all, prefixOffset, all.length);
        if (!now.startsWith(before)) {
            // Only a decoder that rewrites earlier text could do this; fall back to the tail past the old text.
            return now.length() > before.length() ? now.substring(before.length()) : "";
        }
        return now.substring(before.length());
    }

    private String decode(int[] all, int from, int to) {
        return tokenizer.decodeRange(all, from, to, skipSpecial);
    }
}

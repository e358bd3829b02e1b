package dev.sparkllm.engine.tokenizer;

import java.util.List;

/**
 * Text to token ids and back, exactly as the model's own files define it (Hugging Face {@code tokenizer.json}
 * or GGUF {@code tokenizer.ggml.*} metadata). Implementations are immutable and thread-safe.
 */
public interface Tokenizer {

    /**
     * Encodes {@code text}. Special-token text (e.g. {@code <|im_start|>}) is always recognized, as Hugging Face
     * {@code encode} does; {@code addSpecialTokens} adds BOS/EOS as the model's files say (HF {@code add_special_tokens}).
     */
    int[] encode(String text, boolean addSpecialTokens);

    /**
     * Like {@link #encode(String, boolean)} but with special-token parsing switchable: with {@code parseSpecial}
     * false, control tokens written in the text are tokenized as plain text (llama.cpp {@code parse_special=false}).
     */
    int[] encode(String text, boolean addSpecialTokens, boolean parseSpecial);

    /** Decodes ids to text as Hugging Face {@code decode} does (invalid UTF-8 becomes U+FFFD per the model's rules). */
    String decode(int[] ids, boolean skipSpecialTokens);

    /** A decoder for streaming output that never emits a partial UTF-8 character. */
    StreamingDecoder streamingDecoder(boolean skipSpecialTokens);

    int vocabSize();

    /** The text of one token as stored in the vocabulary (e.g. {@code ▁the}, {@code Ġthe}, {@code <0x0A>}). */
    String tokenText(int id);

    /** BOS id, or -1 if the model has none. */
    int bosId();

    /** EOS ids from the tokenizer files (generation_config may add more), possibly empty. */
    List<Integer> eosIds();

    boolean isSpecial(int id);

    /** Emits text incrementally as tokens arrive; {@link #flush()} returns whatever is pending at the end. */
    interface StreamingDecoder {
        /** Adds one token and returns the newly completed text (possibly empty). */
        String add(int id);

        /** Returns pending text, decoding any incomplete bytes as U+FFFD. */
        String flush();
    }
}

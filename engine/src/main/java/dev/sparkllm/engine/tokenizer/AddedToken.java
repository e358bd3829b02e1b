package dev.sparkllm.engine.tokenizer;

/**
 * A token matched on the text before the model sees it (HF {@code added_tokens}; GGUF CONTROL, USER_DEFINED and
 * UNKNOWN tokens). {@code special} tokens are the ones {@code parseSpecial=false} and {@code skipSpecialTokens} affect.
 */
record AddedToken(int id, String content, boolean special, boolean lstrip, boolean rstrip, boolean normalized,
                  boolean singleWord) {

    static AddedToken plain(int id, String content, boolean special) {
        return new AddedToken(id, content, special, false, false, false, false);
    }
}

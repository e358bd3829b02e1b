package dev.sparkllm.engine.tokenizer;

/** A tokenizer could not be built from its files, or input could not be encoded/decoded. */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}

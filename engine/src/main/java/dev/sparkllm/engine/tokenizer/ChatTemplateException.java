package dev.sparkllm.engine.tokenizer;

/** A chat template could not be parsed or rendered, or it called {@code raise_exception}. */
public class ChatTemplateException extends RuntimeException {
    public ChatTemplateException(String message) {
        super(message);
    }

    public ChatTemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}

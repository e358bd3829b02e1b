package dev.sparkllm.spark;

import dev.sparkllm.engine.runtime.Prompt;
import java.util.Map;

/**
 * One generate() call's input on one row: a prompt and its options, no prompt at all (a null prompt: the result is
 * null), or a problem found before the engine saw the row (the result carries it as its error).
 */
public record CallInput(Prompt prompt, Map<String, String> options, String error) {
    public static final CallInput NULL = new CallInput(null, Map.of(), null);

    public static CallInput of(Prompt prompt, Map<String, String> options) {
        return new CallInput(prompt, options, null);
    }

    /** A row that cannot be run; {@code options} still decide {@code on_error} and the model. */
    public static CallInput error(String message, Map<String, String> options) {
        return new CallInput(null, options, message);
    }

    public boolean isNull() {
        return prompt == null && error == null;
    }
}

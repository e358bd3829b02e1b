package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.tokenizer.ChatMessage;
import java.util.List;

/**
 * What a request asks the model to continue: text (tokenized with the model's BOS rules), token ids (used verbatim),
 * or chat messages (rendered with the model's chat template, no extra BOS). Exactly one field is non-null.
 */
public record Prompt(String text, int[] tokenIds, List<ChatMessage> messages) {

    public Prompt {
        int given = (text != null ? 1 : 0) + (tokenIds != null ? 1 : 0) + (messages != null ? 1 : 0);
        if (given != 1) throw new IllegalArgumentException("a prompt is exactly one of text, token ids or chat messages");
    }

    public static Prompt text(String text) { return new Prompt(text, null, null); }

    public static Prompt tokens(int... ids) { return new Prompt(null, ids, null); }

    public static Prompt chat(List<ChatMessage> messages) { return new Prompt(null, null, List.copyOf(messages)); }
}

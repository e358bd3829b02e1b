package dev.sparkllm.engine.tokenizer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** One conversation turn as chat templates see it ({@code message.role}, {@code message.content}). */
public record ChatMessage(String role, String content) {
    public ChatMessage {
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(content, "content");
    }

    /** Plain data for the template: templates get maps, never Java objects with methods. */
    Map<String, Object> toTemplateData() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("role", role);
        m.put("content", content);
        return m;
    }
}

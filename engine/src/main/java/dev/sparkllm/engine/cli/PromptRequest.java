package dev.sparkllm.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.tokenizer.ChatMessage;
import dev.sparkllm.engine.tokenizer.ChatTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns one input line of {@code sparkllm generate} into prompt token ids and sampling parameters. A line holds
 * {@code prompt} (text), {@code prompt_token_ids} (used verbatim) or {@code messages} (chat), and may override any
 * sampling field.
 */
final class PromptRequest {
    /** Prompt ids and parameters, or the reason the line cannot run (with whatever ids were known). */
    record Parsed(int[] promptIds, SamplingParams params, String error) { }

    /** Fields of a line that are not sampling options: the prompt in its three forms and the caller's id. */
    private static final Set<String> PROMPT_FIELDS = Set.of("id", "prompt", "prompt_token_ids", "messages");

    private PromptRequest() { }

    static Parsed parse(JsonNode line, Model model, SamplingParams defaults, boolean chat) {
        SamplingParams params;
        try {
            params = overrides(line, defaults);
        } catch (IllegalArgumentException e) {
            return new Parsed(new int[0], defaults, e.getMessage());
        }
        try {
            return new Parsed(promptIds(line, model, chat), params, null);
        } catch (IllegalArgumentException e) {
            return new Parsed(new int[0], params, e.getMessage());
        }
    }

    private static int[] promptIds(JsonNode line, Model model, boolean chat) {
        JsonNode ids = line.get("prompt_token_ids");
        JsonNode prompt = line.get("prompt");
        JsonNode messages = line.get("messages");
        int given = (ids != null ? 1 : 0) + (prompt != null ? 1 : 0) + (messages != null ? 1 : 0);
        if (given != 1) throw new IllegalArgumentException("give exactly one of \"prompt\", \"prompt_token_ids\" or \"messages\"");
        if (ids != null) {
            if (!ids.isArray()) throw new IllegalArgumentException("\"prompt_token_ids\" must be an array of integers");
            int[] out = new int[ids.size()];
            for (int i = 0; i < out.length; i++) {
                if (!ids.get(i).canConvertToInt()) {
                    throw new IllegalArgumentException("\"prompt_token_ids\"[" + i + "] is not an integer: " + ids.get(i));
                }
                out[i] = ids.get(i).asInt();
            }
            return out;
        }
        if (prompt != null) {
            if (!prompt.isTextual()) throw new IllegalArgumentException("\"prompt\" must be a string");
            if (chat) return renderChat(model, List.of(new ChatMessage("user", prompt.asText())));
            return model.tokenizer().encode(prompt.asText(), true);
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw new IllegalArgumentException("\"messages\" must be a non-empty array of {\"role\", \"content\"} objects");
        }
        List<ChatMessage> list = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode m = messages.get(i);
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                throw new IllegalArgumentException("\"messages\"[" + i + "] needs string \"role\" and \"content\"");
            }
            list.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        return renderChat(model, list);
    }

    private static int[] renderChat(Model model, List<ChatMessage> messages) {
        if (model.chatTemplate() == null) {
            throw new IllegalArgumentException("the model " + model.source().getFileName() + " has no chat template");
        }
        String text = model.chatTemplate().render(messages, true);
        // As transformers' apply_chat_template: the template writes any BOS itself.
        return model.tokenizer().encode(text, false);
    }

    /**
     * The line's sampling fields applied over {@code d}, by the same parser as Spark SQL option maps, so both accept the
     * same keys and report the same errors (naming the field and its value). JSON values are handed over as their
     * text; a JSON string given for {@code stop} is one literal stop string, so it is passed as a one-element array.
     */
    private static SamplingParams overrides(JsonNode l, SamplingParams d) {
        Map<String, String> options = new LinkedHashMap<>();
        l.fields().forEachRemaining(f -> {
            JsonNode v = f.getValue();
            if (PROMPT_FIELDS.contains(f.getKey()) || v.isNull()) return;
            if (f.getKey().equals("stop") && v.isTextual()) v = JsonLines.JSON.createArrayNode().add(v.asText());
            options.put(f.getKey(), v.isTextual() ? v.asText() : v.toString());
        });
        return SamplingParams.fromOptions(options, d, PROMPT_FIELDS);
    }
}

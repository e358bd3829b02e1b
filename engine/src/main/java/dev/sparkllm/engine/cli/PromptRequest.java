package dev.sparkllm.engine.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.tokenizer.ChatMessage;
import dev.sparkllm.engine.tokenizer.ChatTemplate;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns one input line of {@code sparkllm generate} into prompt token ids and sampling parameters. A line holds
 * {@code prompt} (text), {@code prompt_token_ids} (used verbatim) or {@code messages} (chat), and may override any
 * sampling field.
 */
final class PromptRequest {
    /** Prompt ids and parameters, or the reason the line cannot run (with whatever ids were known). */
    record Parsed(int[] promptIds, SamplingParams params, String error) { }

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

    private static SamplingParams overrides(JsonNode l, SamplingParams d) {
        return new SamplingParams(
            intField(l, "max_tokens", d.maxTokens()),
            doubleField(l, "temperature", d.temperature()),
            intField(l, "top_k", d.topK()),
            doubleField(l, "top_p", d.topP()),
            l.has("seed") && !l.get("seed").isNull() ? Long.valueOf(longField(l, "seed")) : d.seed(),
            boolField(l, "ignore_eos", d.ignoreEos()),
            intField(l, "logprobs", d.logprobs()));
    }

    private static int intField(JsonNode l, String name, int dflt) {
        JsonNode n = l.get(name);
        if (n == null || n.isNull()) return dflt;
        if (!n.canConvertToInt() || !n.isIntegralNumber()) throw new IllegalArgumentException("\"" + name + "\" must be an integer, got " + n);
        return n.asInt();
    }

    private static long longField(JsonNode l, String name) {
        JsonNode n = l.get(name);
        if (!n.isIntegralNumber() || !n.canConvertToLong()) throw new IllegalArgumentException("\"" + name + "\" must be an integer, got " + n);
        return n.asLong();
    }

    private static double doubleField(JsonNode l, String name, double dflt) {
        JsonNode n = l.get(name);
        if (n == null || n.isNull()) return dflt;
        if (!n.isNumber()) throw new IllegalArgumentException("\"" + name + "\" must be a number, got " + n);
        return n.asDouble();
    }

    private static boolean boolField(JsonNode l, String name, boolean dflt) {
        JsonNode n = l.get(name);
        if (n == null || n.isNull()) return dflt;
        if (!n.isBoolean()) throw new IllegalArgumentException("\"" + name + "\" must be true or false, got " + n);
        return n.asBoolean();
    }
}

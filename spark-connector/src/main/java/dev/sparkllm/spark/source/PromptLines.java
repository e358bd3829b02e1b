package dev.sparkllm.spark.source;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.tokenizer.ChatMessage;
import dev.sparkllm.spark.CallInput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The lines of one prompt file as rows {@code (id, prompt, messages, CallInput)}; blank lines are skipped. JSON lines
 * are objects with {@code prompt} (a string) or {@code messages} (an array of {@code {"role", "content"}}), an
 * optional {@code id}, and optionally generate() options as further fields (as the command-line tool reads them).
 * In plain text files each line is a prompt and its id is the line number. A line that cannot be read becomes a row
 * whose call input is an error naming the file and line, so it yields one output row like every other line.
 */
final class PromptLines implements PromptRows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> INPUT_FIELDS = Set.of("id", "prompt", "messages");

    private final String file;
    private final boolean json;
    private final Map<String, String> baseOptions;
    private final BufferedReader reader;
    private String line;
    private long lineNumber;

    /** Reads {@code in} (which this object closes) as JSON lines or, if not {@code json}, one prompt per line. */
    PromptLines(String file, InputStream in, boolean json, Map<String, String> baseOptions) {
        this.file = file;
        this.json = json;
        this.baseOptions = baseOptions;
        this.reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Override
    public boolean hasNext() {
        try {
            while (line == null) {
                String l = reader.readLine();
                if (l == null) return false;
                lineNumber++;
                if (!l.isBlank()) line = l;
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("sparkllm cannot read " + file + " after line " + lineNumber + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) throw new NoSuchElementException();
        String l = line;
        line = null;
        return json ? jsonRow(l) : PromptRows.row(Long.toString(lineNumber), l, null, CallInput.of(Prompt.text(l), baseOptions));
    }

    private InternalRow jsonRow(String l) {
        JsonNode n;
        try {
            n = JSON.readTree(l);
        } catch (JsonProcessingException e) {
            return errorRow(null, "is not valid JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject()) return errorRow(null, "is not a JSON object");
        JsonNode idNode = n.get("id");
        String id = idNode == null || idNode.isNull() ? null : idNode.isTextual() ? idNode.asText() : idNode.toString();
        Map<String, String> options = new TreeMap<>(baseOptions);
        n.fields().forEachRemaining(f -> {
            if (!INPUT_FIELDS.contains(f.getKey())) {
                JsonNode v = f.getValue();
                options.put(f.getKey(), v.isNull() ? null : v.isTextual() ? v.asText() : v.toString());
            }
        });
        JsonNode prompt = n.get("prompt");
        JsonNode messages = n.get("messages");
        if ((prompt == null) == (messages == null)) return errorRow(id, PromptRows.NEEDS_ONE_PROMPT);
        if (prompt != null) {
            if (!prompt.isTextual()) return errorRow(id, "has a \"prompt\" that is not a string");
            return PromptRows.row(id, prompt.asText(), null, CallInput.of(Prompt.text(prompt.asText()), options));
        }
        List<ChatMessage> chat = messages(messages);
        if (chat == null) return errorRow(id, "needs \"messages\" as an array of {\"role\": string, \"content\": string}");
        return PromptRows.row(id, null, messages.toString(), CallInput.of(Prompt.chat(chat), options));
    }

    private static List<ChatMessage> messages(JsonNode array) {
        if (!array.isArray()) return null;
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : array) {
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) return null;
            out.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        }
        return out;
    }

    private InternalRow errorRow(String id, String problem) {
        return PromptRows.row(id, null, null, CallInput.error("line " + lineNumber + " of " + file + " " + problem, baseOptions));
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}

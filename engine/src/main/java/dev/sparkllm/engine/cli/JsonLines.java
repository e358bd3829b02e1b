package dev.sparkllm.engine.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** JSON-lines input and output of the command-line tool: one object per line, output in input order. */
final class JsonLines {
    static final ObjectMapper JSON = new ObjectMapper();

    /** One input line: its parsed object, or why it could not be parsed. */
    record Line(int number, JsonNode node, String error) { }

    private JsonLines() { }

    static List<Line> read(Path file) throws IOException {
        List<Line> lines = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String s;
            int n = 0;
            while ((s = r.readLine()) != null) {
                n++;
                if (s.isBlank()) continue;
                try {
                    JsonNode node = JSON.readTree(s);
                    lines.add(node != null && node.isObject() ? new Line(n, node, null)
                        : new Line(n, null, "line " + n + " is not a JSON object"));
                } catch (JsonProcessingException e) {
                    lines.add(new Line(n, null, "line " + n + " is not valid JSON: " + e.getOriginalMessage()));
                }
            }
        }
        return lines;
    }

    static Writer open(Path output) throws IOException {
        return output == null
            ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
            : Files.newBufferedWriter(output, StandardCharsets.UTF_8);
    }

    static void write(Writer w, ObjectNode node) {
        try {
            w.write(JSON.writeValueAsString(node));
            w.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write output: " + e.getMessage(), e);
        }
    }

    /** The input's {@code id} (any JSON type), or the line number when it has none. */
    static JsonNode id(Line line) {
        JsonNode id = line.node() == null ? null : line.node().get("id");
        return id != null ? id : JSON.getNodeFactory().numberNode(line.number());
    }
}

package dev.sparkllm.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkllm.engine.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenizeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"fx-llama-spm/hf-f32", "fx-qwen2-bpe/hf-bf16", "fx-llama-spm/fx-llama-spm-q8_0.gguf"})
    void tokenizesEveryRecordAsHuggingFaceDoes(String model) throws IOException {
        String expected = model.startsWith("fx-llama") ? "fx-llama-spm" : "fx-qwen2-bpe";
        List<JsonNode> records = Fixtures.expected(expected);
        StringBuilder sb = new StringBuilder();
        for (JsonNode r : records) {
            sb.append(JSON.writeValueAsString(JSON.createObjectNode().put("id", r.get("prompt_index").asInt())
                .put("text", r.get("text").asText()))).append('\n');
        }
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, sb);
        for (boolean special : new boolean[] {false, true}) {
            Path out = dir.resolve("out-" + special + ".jsonl");
            String[] args = special
                ? new String[] {"tokenize", "--model", Fixtures.model(model).toString(), "--input", in.toString(), "--output", out.toString(), "--add-special-tokens"}
                : new String[] {"tokenize", "--model", Fixtures.model(model).toString(), "--input", in.toString(), "--output", out.toString()};
            assertEquals(0, SparkLlmCli.run(args));
            List<String> lines = Files.readAllLines(out);
            assertEquals(records.size(), lines.size());
            for (int i = 0; i < lines.size(); i++) {
                JsonNode got = JSON.readTree(lines.get(i));
                JsonNode rec = records.get(i);
                assertEquals(rec.get("prompt_index").asInt(), got.get("id").asInt());
                String field = special ? "hf_tokenizers_add_special" : "hf_tokenizers";
                assertEquals(rec.get("tokens").get(field), got.get("token_ids"), model + " " + rec.get("prompt_id") + " " + field);
            }
        }
    }
}

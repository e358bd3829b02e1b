package dev.sparkllm.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The fixture models and their recorded expectations, from the test resources (a copy of the shared fixture set). */
public final class Fixtures {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() { }

    public static Path root() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/README.md").toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path model(String relative) {
        return root().resolve("models").resolve(relative);
    }

    /** Records of {@code expected/<name>.jsonl}. */
    public static List<JsonNode> expected(String name) {
        try {
            List<JsonNode> out = new ArrayList<>();
            for (String line : Files.readAllLines(root().resolve("expected").resolve(name + ".jsonl"))) {
                if (!line.isBlank()) out.add(JSON.readTree(line));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static int[] ints(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) out[i] = array.get(i).asInt();
        return out;
    }

    /** Every model file of the fixture set with the expectation file that applies to it. */
    public record Variant(String model, String path, String expected) {
        @Override public String toString() { return path; }
    }

    public static List<Variant> variants() {
        return List.of(
            new Variant("fx-llama-spm", "fx-llama-spm/hf-f32", "fx-llama-spm"),
            new Variant("fx-llama-spm", "fx-llama-spm/fx-llama-spm-f32.gguf", "fx-llama-spm"),
            new Variant("fx-llama-spm", "fx-llama-spm/fx-llama-spm-q8_0.gguf", "fx-llama-spm"),
            new Variant("fx-qwen2-bpe", "fx-qwen2-bpe/hf-bf16", "fx-qwen2-bpe"),
            new Variant("fx-qwen2-bpe", "fx-qwen2-bpe/fx-qwen2-bpe-f16.gguf", "fx-qwen2-bpe"),
            new Variant("fx-qwen2-bpe", "fx-qwen2-bpe/fx-qwen2-bpe-q8_0.gguf", "fx-qwen2-bpe"));
    }
}

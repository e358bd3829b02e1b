package dev.sparkllm.engine.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
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

    /** A test resource by classpath name, e.g. {@code fixtures/models/fx-llama-spm/hf-f32}. */
    public static Path resource(String name) {
        URL url = Fixtures.class.getClassLoader().getResource(name);
        if (url == null) throw new IllegalStateException("test resource missing: " + name);
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path llamaF32Gguf() { return model("fx-llama-spm/fx-llama-spm-f32.gguf"); }
    public static Path llamaQ8Gguf() { return model("fx-llama-spm/fx-llama-spm-q8_0.gguf"); }
    public static Path llamaHf() { return model("fx-llama-spm/hf-f32"); }
    public static Path qwenF16Gguf() { return model("fx-qwen2-bpe/fx-qwen2-bpe-f16.gguf"); }
    public static Path qwenQ8Gguf() { return model("fx-qwen2-bpe/fx-qwen2-bpe-q8_0.gguf"); }
    public static Path qwenHf() { return model("fx-qwen2-bpe/hf-bf16"); }

    /** The GGUF name of an HF llama/qwen2 tensor name. */
    public static String ggufName(String hf) {
        if (hf.equals("model.embed_tokens.weight")) return "token_embd.weight";
        if (hf.equals("model.norm.weight")) return "output_norm.weight";
        if (hf.equals("lm_head.weight")) return "output.weight";
        String[] p = hf.split("\\.", 4);   // model, layers, N, rest
        String rest = p[3]
            .replace("input_layernorm", "attn_norm")
            .replace("post_attention_layernorm", "ffn_norm")
            .replace("self_attn.q_proj", "attn_q")
            .replace("self_attn.k_proj", "attn_k")
            .replace("self_attn.v_proj", "attn_v")
            .replace("self_attn.o_proj", "attn_output")
            .replace("mlp.gate_proj", "ffn_gate")
            .replace("mlp.up_proj", "ffn_up")
            .replace("mlp.down_proj", "ffn_down");
        return "blk." + p[2] + "." + rest;
    }

    /** Row order that turns llama.cpp's interleaved Q/K rows back into HF's rotate-half order. */
    public static int[] unpermuteQk(int rows, int headDim) {
        int[] perm = new int[rows];
        for (int h = 0; h < rows / headDim; h++) {
            for (int i = 0; i < headDim / 2; i++) {
                perm[h * headDim + i] = h * headDim + 2 * i;              // HF row i      = GGUF row 2i
                perm[h * headDim + headDim / 2 + i] = h * headDim + 2 * i + 1; // HF row d/2+i = GGUF row 2i+1
            }
        }
        return perm;
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

    /** Records for a model: the 28 prompts, plus the 3 chats for qwen2. */
    public static List<JsonNode> recordsFor(String model) {
        List<JsonNode> out = new ArrayList<>(expected(model));
        if (model.equals("fx-qwen2-bpe")) out.addAll(expected("fx-qwen2-bpe-chat"));
        return out;
    }

    /** A record's prompt or chat id. */
    public static String id(JsonNode record) {
        return record.has("prompt_id") ? record.get("prompt_id").asText() : record.get("chat_id").asText();
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

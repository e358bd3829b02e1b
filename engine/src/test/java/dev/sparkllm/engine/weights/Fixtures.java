package dev.sparkllm.engine.weights;

import java.net.URISyntaxException;
import java.nio.file.Path;

/** Paths of the fixture models copied into the test resources, and the HF ↔ GGUF tensor-name mapping. */
public final class Fixtures {
    private Fixtures() { }

    public static Path models() {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/models").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path llamaF32Gguf() { return models().resolve("fx-llama-spm/fx-llama-spm-f32.gguf"); }
    public static Path llamaQ8Gguf() { return models().resolve("fx-llama-spm/fx-llama-spm-q8_0.gguf"); }
    public static Path llamaHf() { return models().resolve("fx-llama-spm/hf-f32"); }
    public static Path qwenF16Gguf() { return models().resolve("fx-qwen2-bpe/fx-qwen2-bpe-f16.gguf"); }
    public static Path qwenQ8Gguf() { return models().resolve("fx-qwen2-bpe/fx-qwen2-bpe-q8_0.gguf"); }
    public static Path qwenHf() { return models().resolve("fx-qwen2-bpe/hf-bf16"); }

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
}

package dev.sparkllm.engine.model;

/** The tensor names of one checkpoint format; {@code %d} stands for the layer index. */
enum TensorNaming {
    HF("model.embed_tokens.weight", "model.norm.weight", "lm_head.weight",
        "model.layers.%d.input_layernorm.weight", "model.layers.%d.post_attention_layernorm.weight",
        "model.layers.%d.self_attn.q_proj", "model.layers.%d.self_attn.k_proj", "model.layers.%d.self_attn.v_proj",
        "model.layers.%d.self_attn.o_proj",
        "model.layers.%d.mlp.gate_proj", "model.layers.%d.mlp.up_proj", "model.layers.%d.mlp.down_proj"),
    GGUF("token_embd.weight", "output_norm.weight", "output.weight",
        "blk.%d.attn_norm.weight", "blk.%d.ffn_norm.weight",
        "blk.%d.attn_q", "blk.%d.attn_k", "blk.%d.attn_v", "blk.%d.attn_output",
        "blk.%d.ffn_gate", "blk.%d.ffn_up", "blk.%d.ffn_down");

    final String embedding;
    final String outputNorm;
    final String output;
    final String attnNorm;
    final String ffnNorm;
    // Projection prefixes: ".weight" / ".bias" are appended.
    final String q;
    final String k;
    final String v;
    final String o;
    final String gate;
    final String up;
    final String down;

    TensorNaming(String embedding, String outputNorm, String output, String attnNorm, String ffnNorm,
                 String q, String k, String v, String o, String gate, String up, String down) {
        this.embedding = embedding;
        this.outputNorm = outputNorm;
        this.output = output;
        this.attnNorm = attnNorm;
        this.ffnNorm = ffnNorm;
        this.q = q;
        this.k = k;
        this.v = v;
        this.o = o;
        this.gate = gate;
        this.up = up;
        this.down = down;
    }
}

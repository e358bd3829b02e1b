package dev.sparkllm.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkllm.engine.weights.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** Reads a Hugging Face {@code config.json} into a {@link ModelConfig}. */
public final class HfConfigReader {
    private static final Set<String> LLAMA_TYPES = Set.of("llama", "mistral");
    private static final Set<String> SUPPORTED = Set.of("llama", "mistral", "qwen2");
    private static final ObjectMapper JSON = new ObjectMapper();

    private HfConfigReader() { }

    public static ModelConfig read(Path configJson) {
        JsonNode c;
        try {
            c = JSON.readTree(Files.readAllBytes(configJson));
        } catch (IOException e) {
            throw new ModelFormatException(configJson, "cannot read config.json: " + e.getMessage(), e);
        }
        if (c == null || !c.isObject()) throw new ModelFormatException(configJson, "config.json is not a JSON object");
        String modelType = c.path("model_type").asText("");
        if (!SUPPORTED.contains(modelType)) {
            throw new ModelFormatException(configJson, "unsupported architecture: model_type '" + modelType + "' (architectures "
                + c.path("architectures") + "); sparkllm supports llama, mistral and qwen2");
        }
        String arch = LLAMA_TYPES.contains(modelType) ? "llama" : modelType;
        int hidden = positive(c, "hidden_size", configJson);
        int heads = positive(c, "num_attention_heads", configJson);
        int kvHeads = c.has("num_key_value_heads") && !c.get("num_key_value_heads").isNull()
            ? positive(c, "num_key_value_heads", configJson) : heads;
        int headDim = c.has("head_dim") && !c.get("head_dim").isNull() ? positive(c, "head_dim", configJson) : hidden / heads;
        int maxPos = positive(c, "max_position_embeddings", configJson);
        // The engine attends over the whole context (no sliding window), so the usable context stops at the window.
        boolean slidingUsed = "mistral".equals(modelType) || c.path("use_sliding_window").asBoolean(false);
        if (slidingUsed && c.hasNonNull("sliding_window") && c.get("sliding_window").asInt() > 0) {
            maxPos = Math.min(maxPos, c.get("sliding_window").asInt());
        }
        ModelConfig cfg = new ModelConfig(
            arch, hidden,
            positive(c, "num_hidden_layers", configJson),
            heads, kvHeads, headDim,
            positive(c, "intermediate_size", configJson),
            positive(c, "vocab_size", configJson),
            maxPos,
            c.path("rope_theta").asDouble(10000.0),
            ropeScaling(c.get("rope_scaling"), configJson),
            (float) c.path("rms_norm_eps").asDouble(1e-6),
            c.path("tie_word_embeddings").asBoolean(false),
            "qwen2".equals(modelType) || c.path("attention_bias").asBoolean(false));
        ModelConfigs.validate(cfg, configJson);
        String act = c.path("hidden_act").asText("silu");
        if (!"silu".equals(act)) throw new ModelFormatException(configJson, "unsupported hidden_act '" + act + "' (only silu)");
        return cfg;
    }

    private static ModelConfig.RopeScaling ropeScaling(JsonNode rs, Path file) {
        if (rs == null || rs.isNull()) return null;
        String type = rs.hasNonNull("rope_type") ? rs.get("rope_type").asText() : rs.path("type").asText("");
        switch (type) {
            case "default":
                return null;
            case "llama3":
                return new ModelConfig.RopeScaling("llama3", rs.path("factor").asDouble(8.0),
                    rs.path("low_freq_factor").asDouble(1.0), rs.path("high_freq_factor").asDouble(4.0),
                    rs.path("original_max_position_embeddings").asInt(8192));
            case "linear":
                return new ModelConfig.RopeScaling("linear", rs.path("factor").asDouble(1.0), 0, 0, 0);
            default:
                throw new ModelFormatException(file, "unsupported rope_scaling type '" + type + "' (supported: llama3, linear)");
        }
    }

    private static int positive(JsonNode c, String key, Path file) {
        JsonNode n = c.get(key);
        if (n == null || !n.canConvertToInt() || n.asInt() <= 0) {
            throw new ModelFormatException(file, "config.json: '" + key + "' must be a positive integer, got " + n);
        }
        return n.asInt();
    }
}

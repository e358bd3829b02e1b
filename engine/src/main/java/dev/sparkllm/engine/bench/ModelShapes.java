package dev.sparkllm.engine.bench;

import dev.sparkllm.engine.model.GenerationDefaults;
import dev.sparkllm.engine.model.LlamaWeights;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelConfig;
import dev.sparkllm.engine.weights.GgmlType;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shapes of real small models, built in memory with random weights: throughput depends on the shape and the
 * weight type, not on the values, so benchmarks need no checkpoint download. The configs copy the models'
 * {@code config.json}.
 */
public final class ModelShapes {
    private static final Map<String, ModelConfig> SHAPES = new LinkedHashMap<>();

    static {
        SHAPES.put("smollm2-135m", new ModelConfig("llama", 576, 30, 9, 3, 64, 1536, 49152, 8192, 100000.0, null,
            1e-5f, true, false));
        SHAPES.put("qwen2.5-0.5b", new ModelConfig("qwen2", 896, 24, 14, 2, 64, 4864, 151936, 32768, 1000000.0, null,
            1e-6f, true, true));
        SHAPES.put("llama3.2-1b", new ModelConfig("llama", 2048, 16, 32, 8, 64, 8192, 128256, 131072, 500000.0,
            new ModelConfig.RopeScaling("llama3", 32.0, 1.0, 4.0, 8192), 1e-5f, true, false));
    }

    private ModelShapes() { }

    /** The shape names, in the order listed above. */
    public static java.util.Set<String> names() { return java.util.Collections.unmodifiableSet(SHAPES.keySet()); }

    /** The config of shape {@code name}; an unknown name is an error listing the known ones. */
    public static ModelConfig config(String name) {
        ModelConfig c = SHAPES.get(name.toLowerCase(Locale.ROOT));
        if (c == null) throw new IllegalArgumentException("unknown shape '" + name + "'; known shapes: " + String.join(", ", names()));
        return c;
    }

    /** The weight type named by {@code --dtype}: f32, bf16, f16, q8_0, q4_0, q4_k or q6_k. */
    public static GgmlType dtype(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "f32" -> GgmlType.F32;
            case "bf16" -> GgmlType.BF16;
            case "f16" -> GgmlType.F16;
            case "q8_0" -> GgmlType.Q8_0;
            case "q4_0" -> GgmlType.Q4_0;
            case "q4_k" -> GgmlType.Q4_K;
            case "q6_k" -> GgmlType.Q6_K;
            default -> throw new IllegalArgumentException("unsupported --dtype '" + name + "'; use f32, bf16, f16, q8_0, q4_0, "
                + "q4_k or q6_k");
        };
    }

    /** Bytes of weights a shape occupies with {@code type}, known before building it. */
    public static long sizeInBytes(ModelConfig cfg, GgmlType type) {
        return SyntheticWeights.sizeInBytes(cfg, type);
    }

    /** Builds shape {@code name} with random weights of {@code type} drawn from {@code seed}. */
    public static Model build(String name, GgmlType type, long seed) {
        return build(name.toLowerCase(Locale.ROOT), config(name), type, seed);
    }

    /** Builds any config (tests use tiny ones) as a model named {@code shape:NAME}, format "synthetic". */
    public static Model build(String name, ModelConfig cfg, GgmlType type, long seed) {
        LlamaWeights w = SyntheticWeights.build(cfg, type, seed);
        return new Model(Path.of("shape:" + name), "synthetic", cfg, w, new SyntheticTokenizer(cfg.vocabSize()), null,
            GenerationDefaults.NONE);
    }
}

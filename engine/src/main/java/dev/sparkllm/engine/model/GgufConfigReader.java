package dev.sparkllm.engine.model;

import dev.sparkllm.engine.weights.ModelFormatException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Reads the {@code <arch>.*} metadata of a GGUF file into a {@link ModelConfig}. */
public final class GgufConfigReader {
    private static final Set<String> SUPPORTED = Set.of("llama", "qwen2");

    private GgufConfigReader() { }

    public static ModelConfig read(Path file, Map<String, Object> md) {
        Object a = md.get("general.architecture");
        if (!(a instanceof String arch)) throw new ModelFormatException(file, "GGUF metadata lacks general.architecture");
        if (!SUPPORTED.contains(arch)) {
            throw new ModelFormatException(file, "unsupported architecture '" + arch + "'; sparkllm supports llama and qwen2");
        }
        int hidden = intKey(file, md, arch + ".embedding_length", -1);
        int heads = intKey(file, md, arch + ".attention.head_count", -1);
        int kvHeads = intKey(file, md, arch + ".attention.head_count_kv", heads);
        int headDim = intKey(file, md, arch + ".attention.key_length", hidden / heads);
        int rotaryDims = intKey(file, md, arch + ".rope.dimension_count", headDim);
        if (rotaryDims != headDim) {
            throw new ModelFormatException(file, arch + ".rope.dimension_count " + rotaryDims + " != head_dim " + headDim
                + ": partial rotary embeddings are not supported");
        }
        Object tokens = md.get("tokenizer.ggml.tokens");
        int vocab = md.containsKey(arch + ".vocab_size") || !(tokens instanceof List<?> l)
            ? intKey(file, md, arch + ".vocab_size", -1) : l.size();
        ModelConfig.RopeScaling scaling = null;
        Object scalingType = md.get(arch + ".rope.scaling.type");
        if (scalingType != null && !"none".equals(scalingType)) {
            if (!"linear".equals(scalingType)) {
                throw new ModelFormatException(file, "unsupported " + arch + ".rope.scaling.type '" + scalingType + "' (supported: linear)");
            }
            scaling = new ModelConfig.RopeScaling("linear", number(file, md, arch + ".rope.scaling.factor", 1.0), 0, 0, 0);
        }
        ModelConfig cfg = new ModelConfig(
            arch, hidden,
            intKey(file, md, arch + ".block_count", -1),
            heads, kvHeads, headDim,
            intKey(file, md, arch + ".feed_forward_length", -1),
            vocab,
            intKey(file, md, arch + ".context_length", -1),
            number(file, md, arch + ".rope.freq_base", 10000.0),
            scaling,
            (float) number(file, md, arch + ".attention.layer_norm_rms_epsilon", 1e-5),
            false, // GGUF says it by the absence of output.weight; the loader decides
            "qwen2".equals(arch));
        ModelConfigs.validate(cfg, file);
        return cfg;
    }

    static int intKey(Path file, Map<String, Object> md, String key, int dflt) {
        Object v = md.get(key);
        if (v == null) {
            if (dflt < 0) throw new ModelFormatException(file, "GGUF metadata lacks " + key);
            return dflt;
        }
        if (!(v instanceof Long n) || n <= 0 || n > Integer.MAX_VALUE) {
            throw new ModelFormatException(file, "GGUF metadata " + key + " must be a positive integer, got " + v);
        }
        return (int) (long) n;
    }

    private static double number(Path file, Map<String, Object> md, String key, double dflt) {
        Object v = md.get(key);
        if (v == null) return dflt;
        if (!(v instanceof Number n)) throw new ModelFormatException(file, "GGUF metadata " + key + " must be a number, got " + v);
        return n.doubleValue();
    }
}

package dev.sparkllm.engine.model;

import dev.sparkllm.engine.tokenizer.ChatTemplate;
import dev.sparkllm.engine.tokenizer.Tokenizer;
import dev.sparkllm.engine.tokenizer.Tokenizers;
import dev.sparkllm.engine.weights.GgufFile;
import dev.sparkllm.engine.weights.ModelFormatException;
import dev.sparkllm.engine.weights.SafetensorsStore;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a model from a Hugging Face directory (config.json, safetensors, tokenizer.json) or a GGUF file. Headers, the
 * config and every tensor shape are validated before tensor data is read.
 */
public final class ModelLoader {
    private ModelLoader() { }

    public static Model load(Path path) {
        if (Files.isDirectory(path)) return loadHf(path);
        if (Files.isRegularFile(path)) return loadGguf(path);
        throw new ModelFormatException(path, "no such model: expected a Hugging Face model directory or a .gguf file");
    }

    /** Just the tokenizer of a model, without reading any weights. */
    public static Tokenizer loadTokenizer(Path path) {
        if (Files.isDirectory(path)) return Tokenizers.fromHfDirectory(path);
        if (Files.isRegularFile(path)) {
            try (GgufFile gguf = GgufFile.open(path)) {
                return Tokenizers.fromGgufMetadata(path, gguf.metadata());
            }
        }
        throw new ModelFormatException(path, "no such model: expected a Hugging Face model directory or a .gguf file");
    }

    private static Model loadHf(Path dir) {
        Path configFile = dir.resolve("config.json");
        if (!Files.isRegularFile(configFile)) {
            throw new ModelFormatException(dir, "not a Hugging Face model directory: config.json is missing");
        }
        ModelConfig cfg = HfConfigReader.read(configFile);
        Tokenizer tokenizer = Tokenizers.fromHfDirectory(dir);
        ChatTemplate template = ChatTemplate.findInHfDirectory(dir).orElse(null);
        GenerationDefaults defaults = GenerationDefaults.read(dir.resolve("generation_config.json"));
        try (SafetensorsStore store = SafetensorsStore.open(dir)) {
            LlamaWeights w = WeightLoader.load(store, cfg, TensorNaming.HF, false, cfg.tieWordEmbeddings());
            return new Model(dir, "safetensors", cfg, w, tokenizer, template, defaults);
        }
    }

    private static Model loadGguf(Path file) {
        try (GgufFile gguf = GgufFile.open(file)) {
            ModelConfig cfg = GgufConfigReader.read(file, gguf.metadata());
            Tokenizer tokenizer = Tokenizers.fromGgufMetadata(file, gguf.metadata());
            ChatTemplate template = ChatTemplate.findInGgufMetadata(file, gguf.metadata()).orElse(null);
            // llama.cpp's converter interleaves Q/K rows only for its "llama" architecture (normal RoPE).
            boolean permuted = "llama".equals(cfg.architecture());
            LlamaWeights w = WeightLoader.load(gguf, cfg, TensorNaming.GGUF, permuted, null);
            cfg = withTie(cfg, w);
            return new Model(file, "gguf", cfg, w, tokenizer, template, GenerationDefaults.NONE);
        }
    }

    private static ModelConfig withTie(ModelConfig c, LlamaWeights w) {
        return new ModelConfig(c.architecture(), c.hiddenSize(), c.numLayers(), c.numHeads(), c.numKvHeads(), c.headDim(),
            c.intermediateSize(), c.vocabSize(), c.maxPositionEmbeddings(), c.ropeTheta(), c.ropeScaling(), c.rmsNormEps(),
            w.output() == w.tokenEmbedding(), c.attentionBias());
    }
}

package dev.sparkllm.engine.tokenizer;

import dev.sparkllm.engine.testing.Fixtures;
import dev.sparkllm.engine.weights.GgufFile;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The fixture tokenizers, loaded once per test JVM, in every format the fixture set has. */
final class FixtureTokenizers {
    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();

    /** One way of loading a fixture tokenizer. */
    record Source(String model, String path, boolean gguf) {
        Tokenizer tokenizer() {
            return TOKENIZERS.computeIfAbsent(path, p -> gguf ? Tokenizers.fromGgufMetadata(Fixtures.resource(p), metadata())
                    : Tokenizers.fromHfDirectory(Fixtures.resource(p)));
        }

        Map<String, Object> metadata() {
            return GgufFile.open(Fixtures.resource(path)).metadata();
        }

        @Override
        public String toString() {
            return path.substring(path.lastIndexOf('/') + 1);
        }
    }

    static final List<Source> SOURCES = List.of(
            new Source("fx-llama-spm", "fixtures/models/fx-llama-spm/hf-f32", false),
            new Source("fx-llama-spm", "fixtures/models/fx-llama-spm/fx-llama-spm-f32.gguf", true),
            new Source("fx-llama-spm", "fixtures/models/fx-llama-spm/fx-llama-spm-q8_0.gguf", true),
            new Source("fx-qwen2-bpe", "fixtures/models/fx-qwen2-bpe/hf-bf16", false),
            new Source("fx-qwen2-bpe", "fixtures/models/fx-qwen2-bpe/fx-qwen2-bpe-f16.gguf", true),
            new Source("fx-qwen2-bpe", "fixtures/models/fx-qwen2-bpe/fx-qwen2-bpe-q8_0.gguf", true));

    private FixtureTokenizers() {
    }
}

package dev.sparkllm.engine.tokenizer;

import dev.sparkllm.engine.weights.GgufFile;
import java.nio.file.Path;
import java.util.Map;

/** Entry points: build a {@link Tokenizer} from a Hugging Face directory or from GGUF metadata. */
public final class Tokenizers {
    private Tokenizers() {
    }

    /** Reads {@code dir/tokenizer.json} and, if present, {@code dir/tokenizer_config.json}. */
    public static Tokenizer fromHfDirectory(Path dir) {
        return HfTokenizerLoader.load(dir);
    }

    /** Builds from already-read GGUF metadata; {@code file} is only used in error messages. */
    public static Tokenizer fromGgufMetadata(Path file, Map<String, Object> metadata) {
        return GgufTokenizerLoader.load(file, metadata);
    }

    /** Opens a GGUF file and builds from its {@code tokenizer.ggml.*} metadata. */
    public static Tokenizer fromGgufFile(Path file) {
        return fromGgufMetadata(file, GgufFile.open(file).metadata());
    }
}

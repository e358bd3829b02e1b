package dev.sparkllm.engine.model;

import dev.sparkllm.engine.tokenizer.ChatTemplate;
import dev.sparkllm.engine.tokenizer.Tokenizer;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A loaded checkpoint: configuration, weights in memory, tokenizer, optional chat template and generation defaults.
 * Immutable and shareable by any number of threads and engines.
 */
public record Model(Path source, String format, ModelConfig config, LlamaWeights weights, Tokenizer tokenizer,
                    ChatTemplate chatTemplate, GenerationDefaults defaults) {

    /** Every token id that ends a generation: the tokenizer's EOS and generation_config's list. */
    public Set<Integer> eosIds() {
        Set<Integer> ids = new LinkedHashSet<>(tokenizer.eosIds());
        ids.addAll(defaults.eosTokenIds());
        return ids;
    }
}

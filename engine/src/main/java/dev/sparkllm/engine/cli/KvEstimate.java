package dev.sparkllm.engine.cli;

import dev.sparkllm.engine.kv.KvCacheConfig;
import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.tokenizer.ChatMessage;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * An upper bound on the KV memory a finite list of requests can use, so a short command-line run does not allocate
 * (and zero) a pool it can never fill. Text never tokenizes to more tokens than UTF-8 bytes plus special tokens.
 */
final class KvEstimate {
    /** Generous room for what a chat template adds around each message and the generation prompt. */
    private static final int TEMPLATE_TOKENS_PER_MESSAGE = 64;
    private static final int SPECIAL_TOKENS = 8;

    private KvEstimate() { }

    static long bytesFor(Model model, List<Object> requests, int blockSize, KvCacheDtype dtype) {
        long tokens = 0;
        for (Object r : requests) {
            if (!(r instanceof GenerationRequest g)) continue;
            long prompt = promptTokens(g.prompt());
            tokens += prompt + (long) g.params().n() * (g.params().maxTokens() + blockSize);
        }
        int kvDim = model.config().kvDim();
        long perBlock = KvCacheConfig.bytesPerBlock(blockSize, model.config().numLayers(), kvDim, dtype);
        return Math.max(1, (tokens + blockSize - 1) / blockSize) * perBlock;
    }

    private static long promptTokens(Prompt p) {
        if (p.tokenIds() != null) return p.tokenIds().length;
        if (p.text() != null) return p.text().getBytes(StandardCharsets.UTF_8).length + SPECIAL_TOKENS;
        long n = TEMPLATE_TOKENS_PER_MESSAGE;
        for (ChatMessage m : p.messages()) {
            n += m.content().getBytes(StandardCharsets.UTF_8).length + m.role().length() + TEMPLATE_TOKENS_PER_MESSAGE;
        }
        return n;
    }
}

package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.sample.TokenLogprobs;
import java.util.List;

/**
 * The outcome of one request. Per-request problems (a prompt longer than the context, bad parameters) are reported
 * here with {@link FinishReason#ERROR} and a message, never thrown.
 *
 * @param logprobs null unless requested
 */
public record GenerationResult(int[] promptTokenIds, int[] tokenIds, String text, FinishReason finishReason,
                               String error, int cachedPromptTokens, List<TokenLogprobs> logprobs) {

    public static GenerationResult error(int[] promptTokenIds, String message) {
        return new GenerationResult(promptTokenIds == null ? new int[0] : promptTokenIds, new int[0], "",
            FinishReason.ERROR, message, 0, null);
    }

    public boolean isError() { return finishReason == FinishReason.ERROR; }
}

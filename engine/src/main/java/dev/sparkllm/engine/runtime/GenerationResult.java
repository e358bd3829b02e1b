package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.sample.TokenLogprobs;
import java.util.List;

/**
 * The outcome of one request: its prompt ids, one completion per sample, how many prompt tokens came from the prefix
 * cache, or an error. Per-request problems (a prompt longer than the context, bad parameters, a template failure) are
 * reported here with {@link FinishReason#ERROR}, never thrown. The single-sample accessors read the first completion.
 */
public record GenerationResult(int[] promptTokenIds, List<Completion> completions, int cachedPromptTokens, String error) {

    private static final int[] NONE = new int[0];

    public GenerationResult {
        promptTokenIds = promptTokenIds == null ? NONE : promptTokenIds;
        completions = List.copyOf(completions);
    }

    public static GenerationResult error(int[] promptTokenIds, String message) {
        return new GenerationResult(promptTokenIds, List.of(), 0, message);
    }

    public static GenerationResult single(int[] promptTokenIds, int[] tokenIds, String text, FinishReason reason,
                                          int cachedPromptTokens, List<TokenLogprobs> logprobs) {
        return new GenerationResult(promptTokenIds, List.of(new Completion(0, tokenIds, text, reason, logprobs)),
            cachedPromptTokens, null);
    }

    public boolean isError() { return error != null; }

    public int[] tokenIds() { return completions.isEmpty() ? NONE : completions.get(0).tokenIds(); }

    public String text() { return completions.isEmpty() ? "" : completions.get(0).text(); }

    /** ERROR for a failed request; otherwise the first completion's reason. */
    public FinishReason finishReason() {
        return isError() || completions.isEmpty() ? FinishReason.ERROR : completions.get(0).finishReason();
    }

    public List<TokenLogprobs> logprobs() { return completions.isEmpty() ? null : completions.get(0).logprobs(); }

    /** Generated tokens over all completions. */
    public int completionTokens() {
        int n = 0;
        for (Completion c : completions) n += c.tokenIds().length;
        return n;
    }
}

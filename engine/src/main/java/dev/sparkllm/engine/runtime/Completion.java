package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.sample.TokenLogprobs;
import java.util.List;

/**
 * One generated sample of a request ({@code n} > 1 gives several).
 *
 * @param tokenIds every generated id, including an EOS or stop token that ended it
 * @param text     the detokenized output without the stop text (unless asked for) and without special tokens
 * @param logprobs null unless requested
 */
public record Completion(int index, int[] tokenIds, String text, FinishReason finishReason, List<TokenLogprobs> logprobs) { }

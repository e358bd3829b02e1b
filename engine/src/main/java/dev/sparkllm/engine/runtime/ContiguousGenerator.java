package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.kv.ContiguousKvCache;
import dev.sparkllm.engine.model.LlamaForward;
import dev.sparkllm.engine.model.ModelConfig;
import dev.sparkllm.engine.model.SequenceChunk;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.sample.StopChecker;
import dev.sparkllm.engine.sample.TokenLogprobs;
import dev.sparkllm.engine.sample.TokenSampler;
import dev.sparkllm.engine.tokenizer.Tokenizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates one request at a time with its own contiguous KV cache: the whole prompt in one forward pass, then one
 * token per step. The reference path the paged, continuously batched engine is checked against.
 */
public final class ContiguousGenerator {
    private final LlamaForward forward;
    private final Tokenizer tokenizer;
    private final Set<Integer> eosIds;

    public ContiguousGenerator(LlamaForward forward, Tokenizer tokenizer, Set<Integer> eosIds) {
        this.forward = forward;
        this.tokenizer = tokenizer;
        this.eosIds = Set.copyOf(eosIds);
    }

    public GenerationResult generate(int[] prompt, SamplingParams p) {
        ModelConfig cfg = forward.config();
        try {
            PromptEncoder.validate(cfg, prompt);
        } catch (IllegalArgumentException e) {
            return GenerationResult.error(prompt, e.getMessage());
        }
        if (p.n() != 1) {
            return GenerationResult.error(prompt, "n = " + p.n() + " is not supported here: this generator returns one "
                + "sequence per request (send the request n times with different seeds instead)");
        }
        int vocab = cfg.vocabSize();
        // The context bounds the output too; running out of it ends the sequence like max_tokens does.
        int budget = Math.min(p.maxTokens(), cfg.maxPositionEmbeddings() - prompt.length);
        ContiguousKvCache cache = new ContiguousKvCache(cfg.numLayers(), cfg.kvDim());
        cache.ensureCapacity(prompt.length + budget);
        SplittableRandom rng = new SplittableRandom(p.seed() != null ? p.seed() : System.nanoTime());
        List<TokenLogprobs> logprobs = p.logprobs() > 0 ? new ArrayList<>() : null;
        TokenSampler sampler = new TokenSampler();
        StopChecker stop = new StopChecker(tokenizer, p, eosIds);
        int[] out = new int[budget];
        int n = 0;
        int[] input = prompt;
        int pos = 0;
        while (n < budget && !stop.decision().finished()) {
            float[] logits = forward.forward(List.of(new SequenceChunk(cache, pos, input, false)));
            pos += input.length;
            int next = sampler.next(logits, 0, vocab, p, prompt, out, n, eosIds, rng, logprobs);
            out[n++] = next;
            stop.add(next);
            input = new int[] {next};
        }
        FinishReason reason = stop.decision() == StopChecker.Decision.STOP ? FinishReason.STOP : FinishReason.LENGTH;
        return GenerationResult.single(prompt, stop.tokenIds(), stop.text(), reason, 0, logprobs);
    }
}

package dev.sparkllm.engine.sched;

import dev.sparkllm.engine.kv.KvSequence;
import dev.sparkllm.engine.runtime.FinishReason;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.sample.StopChecker;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A request inside the engine: its tokenized prompt, parameters, the future its caller waits on, and its sequences
 * (one, or n for parallel sampling: the prompt is computed once, then forked).
 */
public final class EngineRequest {
    private final long id;
    private final int[] promptIds;
    private final SamplingParams params;
    private final int maxOutputTokens;
    private final int staticReservation;
    private final CompletableFuture<GenerationResult> future;
    private final Supplier<StopChecker> stopCheckers;
    private final long seed;
    private final List<Sequence> sequences = new ArrayList<>();
    private int cachedPromptTokens = -1;

    /**
     * @param maxOutputTokens   max_tokens capped by the model's context
     * @param staticReservation tokens reserved at admission in STATIC allocation mode
     */
    public EngineRequest(long id, int[] promptIds, SamplingParams params, int maxOutputTokens, int staticReservation,
                         CompletableFuture<GenerationResult> future, Supplier<StopChecker> stopCheckers, long seed) {
        this.id = id;
        this.promptIds = promptIds;
        this.params = params;
        this.maxOutputTokens = maxOutputTokens;
        this.staticReservation = staticReservation;
        this.future = future;
        this.stopCheckers = stopCheckers;
        this.seed = seed;
    }

    /** Creates the first sequence; called on the engine thread, which owns the KV cache. */
    public Sequence start(KvSequence kv) {
        int[] tokens = new int[promptIds.length + Math.min(maxOutputTokens, 64)];
        System.arraycopy(promptIds, 0, tokens, 0, promptIds.length);
        Sequence first = new Sequence(this, 0, kv, tokens, promptIds.length, sampleRng(0), stopCheckers.get());
        sequences.add(first);
        return first;
    }

    public long id() { return id; }
    public int[] promptIds() { return promptIds; }
    public int promptLength() { return promptIds.length; }
    public SamplingParams params() { return params; }
    public int maxOutputTokens() { return maxOutputTokens; }
    public int staticReservation() { return staticReservation; }
    public CompletableFuture<GenerationResult> future() { return future; }
    public List<Sequence> sequences() { return sequences; }

    /** Prompt tokens whose KV came from the prefix cache at first admission (-1 until admitted). */
    public int cachedPromptTokens() { return Math.max(0, cachedPromptTokens); }

    void recordFirstAdmission(int cachedTokens) {
        if (cachedPromptTokens < 0) cachedPromptTokens = cachedTokens;
    }

    /** Each sample draws from its own generator derived from the request seed, so samples are reproducible. */
    private SplittableRandom sampleRng(int index) {
        return new SplittableRandom(seed + 0x9E3779B97F4A7C15L * index);
    }

    /** Forks the first sequence into n - 1 siblings once its prompt is computed; returns the new ones. */
    public List<Sequence> forkSamples(java.util.function.Function<KvSequence, KvSequence> forkKv) {
        List<Sequence> added = new ArrayList<>();
        Sequence first = sequences.get(0);
        for (int i = 1; i < params.n(); i++) {
            Sequence s = first.fork(i, forkKv.apply(first.kv()), sampleRng(i), stopCheckers.get());
            sequences.add(s);
            added.add(s);
        }
        return added;
    }

    /** Every sample finished (a request that failed before its prompt was computed never forks). */
    public boolean allFinished() {
        for (Sequence s : sequences) {
            if (s.status() != Sequence.Status.FINISHED) return false;
        }
        return sequences.size() == params.n() || sequences.get(0).finishReason() == FinishReason.ERROR;
    }
}

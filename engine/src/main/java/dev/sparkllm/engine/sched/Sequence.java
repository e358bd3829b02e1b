package dev.sparkllm.engine.sched;

import dev.sparkllm.engine.kv.KvSequence;
import dev.sparkllm.engine.runtime.FinishReason;
import dev.sparkllm.engine.sample.StopChecker;
import dev.sparkllm.engine.sample.TokenLogprobs;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One generated sample: the unit the scheduler runs. Its tokens are the prompt followed by what it generated; the
 * scheduler's job each step is to catch {@link #numComputed()} up to {@link #numTokens()} (vLLM v1's formulation, which
 * covers prefill, chunked prefill, decode and recompute after preemption alike).
 */
public final class Sequence {
    public enum Status { WAITING, RUNNING, FINISHED }

    private final EngineRequest request;
    private final int index;
    private final KvSequence kv;
    private final SplittableRandom rng;
    private final StopChecker stop;
    private final List<TokenLogprobs> logprobs;
    private int[] tokens;
    private int numTokens;
    private int numComputed;
    private Status status = Status.WAITING;
    private FinishReason finishReason;
    private String error;

    Sequence(EngineRequest request, int index, KvSequence kv, int[] tokens, int numTokens, SplittableRandom rng,
             StopChecker stop) {
        this.request = request;
        this.index = index;
        this.kv = kv;
        this.tokens = tokens;
        this.numTokens = numTokens;
        this.rng = rng;
        this.stop = stop;
        this.logprobs = request.params().logprobs() > 0 ? new ArrayList<>() : null;
    }

    public EngineRequest request() { return request; }
    public int index() { return index; }
    public KvSequence kv() { return kv; }
    public SplittableRandom rng() { return rng; }
    public StopChecker stopChecker() { return stop; }
    public List<TokenLogprobs> logprobs() { return logprobs; }
    public int numTokens() { return numTokens; }
    public int numComputed() { return numComputed; }
    public int numOutputTokens() { return numTokens - request.promptLength(); }
    public Status status() { return status; }
    public FinishReason finishReason() { return finishReason; }
    public String error() { return error; }

    /** Prompt then outputs; entries at or past {@link #numTokens()} are scratch. Shared, not copied. */
    public int[] tokenArray() { return tokens; }

    public int[] outputTokens() { return Arrays.copyOfRange(tokens, request.promptLength(), numTokens); }

    /** Tokens [from, from + n) for the next forward pass. */
    public int[] slice(int from, int n) { return Arrays.copyOfRange(tokens, from, from + n); }

    void setStatus(Status s) { status = s; }

    void setNumComputed(int n) { numComputed = n; }

    public void advanceComputed(int n) { numComputed += n; }

    public void append(int token) {
        if (numTokens == tokens.length) tokens = Arrays.copyOf(tokens, Math.max(16, tokens.length * 2));
        tokens[numTokens++] = token;
    }

    public void finish(FinishReason reason, String errorMessage) {
        status = Status.FINISHED;
        finishReason = reason;
        error = errorMessage;
    }

    /** A sibling that continues from exactly this state (same tokens, shared KV blocks), for parallel sampling. */
    Sequence fork(int childIndex, KvSequence childKv, SplittableRandom childRng, StopChecker childStop) {
        Sequence s = new Sequence(request, childIndex, childKv, Arrays.copyOf(tokens, tokens.length), numTokens, childRng, childStop);
        s.numComputed = numComputed;
        s.status = status;
        return s;
    }
}

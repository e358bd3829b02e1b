package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.kv.KvCacheManager;
import dev.sparkllm.engine.model.LlamaForward;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.SequenceChunk;
import dev.sparkllm.engine.model.StepPhases;
import dev.sparkllm.engine.model.StepPhases.Phase;
import dev.sparkllm.engine.sample.StopChecker;
import dev.sparkllm.engine.sample.TokenSampler;
import dev.sparkllm.engine.sched.EngineRequest;
import dev.sparkllm.engine.sched.ScheduledChunk;
import dev.sparkllm.engine.sched.Scheduler;
import dev.sparkllm.engine.sched.Sequence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One engine step at a time, single-threaded: schedule, run one forward pass over every scheduled token of every
 * sequence, sample where a sequence has caught up, finish what stopped. {@link LlmEngine} drives it from its thread.
 */
final class EngineCore {
    private final Model model;
    private final LlamaForward forward;
    private final KvCacheManager kv;
    private final Scheduler scheduler;
    private final Set<Integer> eosIds;
    private final Map<Long, EngineRequest> active = new LinkedHashMap<>();
    private final List<EngineRequest> completed = new ArrayList<>();
    private final TokenSampler sampler = new TokenSampler();
    final StepStats stats = new StepStats();
    private final StepPhases phases = new StepPhases();

    EngineCore(Model model, LlamaForward forward, KvCacheManager kv, EngineConfig config) {
        this.model = model;
        this.forward = forward;
        this.kv = kv;
        this.eosIds = model.eosIds();
        this.scheduler = new Scheduler(kv, config.kvAllocation(), config.maxNumSeqs(), config.maxNumBatchedTokens(),
            this::sequenceFinished);
    }

    KvCacheManager kv() { return kv; }

    Scheduler scheduler() { return scheduler; }

    int activeRequests() { return active.size(); }

    void add(EngineRequest r) {
        active.put(r.id(), r);
        scheduler.add(r.start(kv.newSequence()));
    }

    Set<Integer> eosIds() { return eosIds; }

    List<EngineRequest> activeRequestList() { return new ArrayList<>(active.values()); }

    EngineStats snapshot() {
        StepStats s = stats;
        return new EngineStats(kv.config().numBlocks(), kv.numUsedBlocks(), kv.numCachedFreeBlocks(), scheduler.numRunning(),
            scheduler.numWaiting(), s.steps, s.promptTokensComputed, s.outputTokens, scheduler.prefixQueryTokens(),
            kv.prefixHitTokens(), scheduler.preemptions(), s.runningSum, s.peakRunning, s.kvTokensStoredSum,
            s.kvSlotsAllocatedSum, s.promptStepNanos, s.stepNanos, s.decodeOutputTokens, s.batchSizeHistogram.clone(),
            phases.snapshot());
    }

    /** Drops a request wherever it is, releasing its blocks; its future is the caller's to complete. */
    void abort(EngineRequest r) {
        if (active.remove(r.id()) == null) return;
        for (Sequence s : r.sequences()) {
            if (s.status() != Sequence.Status.FINISHED) scheduler.remove(s);
        }
    }

    boolean hasWork() { return scheduler.hasWork(); }

    /** Runs one step; returns the requests that completed in it. */
    List<EngineRequest> step() {
        completed.clear();
        long clock = System.nanoTime();
        List<ScheduledChunk> chunks = scheduler.schedule();
        if (chunks.isEmpty()) return List.copyOf(completed);
        long t0 = phases.lap(Phase.ENGINE, clock);
        List<SequenceChunk> batch = new ArrayList<>(chunks.size());
        int promptTokens = 0;
        for (ScheduledChunk c : chunks) {
            Sequence s = c.sequence();
            batch.add(new SequenceChunk(s.kv(), c.startPos(), s.slice(c.startPos(), c.numNewTokens()), false));
            promptTokens += Math.max(0, Math.min(c.startPos() + c.numNewTokens(), s.request().promptLength()) - c.startPos());
        }
        phases.lap(Phase.ENGINE, t0);
        float[] logits = forward.forward(batch, phases);
        clock = System.nanoTime();
        int vocab = model.config().vocabSize();
        int outputs = 0;
        for (int i = 0; i < chunks.size(); i++) {
            Sequence s = chunks.get(i).sequence();
            s.advanceComputed(chunks.get(i).numNewTokens());
            kv.commit(s.kv(), s.tokenArray(), s.numComputed());
            if (s.numComputed() < s.numTokens()) continue;  // a prompt chunk that is not the last: nothing to sample
            List<Sequence> samplers = new ArrayList<>(List.of(s));
            if (s.index() == 0 && s.numOutputTokens() == 0 && s.request().params().n() > 1 && s.request().sequences().size() == 1) {
                for (Sequence sibling : forkSamples(s.request())) samplers.add(sibling);
            }
            clock = phases.lap(Phase.ENGINE, clock);
            for (Sequence q : samplers) {
                sampleNext(q, logits, i * vocab, vocab);
                outputs++;
            }
            clock = phases.lap(Phase.SAMPLING, clock);
        }
        long nanos = System.nanoTime() - t0;
        // Physical occupancy: allocated slots minus the unfilled tail of each sequence's blocks. Counting tokens per
        // sequence instead would count a shared prefix block once per sharer and exceed 100%.
        long slots = (long) kv.numUsedBlocks() * kv.config().blockSize();
        long empty = 0;
        for (Sequence s : scheduler.running()) empty += s.kv().capacity() - s.numComputed();
        stats.recordStep(chunks.size(), promptTokens, outputs, Math.max(0, slots - empty), slots, nanos);
        phases.lap(Phase.ENGINE, clock);
        return List.copyOf(completed);
    }

    private List<Sequence> forkSamples(EngineRequest r) {
        List<Sequence> siblings = r.forkSamples(kv::fork);
        for (Sequence s : siblings) scheduler.addRunning(s);
        return siblings;
    }

    private void sampleNext(Sequence s, float[] logits, int off, int vocab) {
        int[] outputs = s.outputTokens();
        int token = sampler.next(logits, off, vocab, s.request().params(), s.request().promptIds(), outputs, outputs.length,
            eosIds, s.rng(), s.logprobs());
        s.append(token);
        StopChecker.Decision d = s.stopChecker().add(token);
        if (d.finished()) {
            s.finish(d == StopChecker.Decision.LENGTH ? FinishReason.LENGTH : FinishReason.STOP, null);
        } else if (s.numOutputTokens() >= s.request().maxOutputTokens()) {
            s.finish(FinishReason.LENGTH, null);
        }
        if (s.status() == Sequence.Status.FINISHED) {
            scheduler.remove(s);
            sequenceFinished(s);
        }
    }

    private void sequenceFinished(Sequence s) {
        EngineRequest r = s.request();
        if (r.allFinished() && active.remove(r.id()) != null) completed.add(r);
    }
}

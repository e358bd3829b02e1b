package dev.sparkllm.engine.bench;

import dev.sparkllm.engine.kv.KvAllocation;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.runtime.EngineStats;
import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.LlmEngine;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.sample.SamplingParams;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs a workload through a fresh {@link LlmEngine}: every request is submitted at once (they queue, and continuous
 * batching admits them as KV blocks allow), and the run ends when the last one completes. Each request generates
 * exactly its true output length (ignore_eos, max_tokens = that length).
 */
public final class BenchRunner {

    /** How much KV a STATIC engine reserves per request; PAGED runs reserve nothing up front. */
    public enum Reservation {
        /** No reservation: the paged engine allocates blocks as tokens arrive. */
        NONE,
        /** Prompt + the workload's max_tokens cap: earlier systems' max-length reservation ("Orca (Max)"). */
        MAX_TOKENS_CAP,
        /** Prompt + the request's true output length: a static system that knew every answer's length ("Oracle"). */
        TRUE_LENGTH
    }

    private final Model model;
    private final double temperature;
    private final long seed;
    private final PrintStream log;

    /**
     * @param temperature 0 for greedy decoding, else seeded sampling (request i uses seed + i)
     * @param log         progress messages (standard error for the command-line tool)
     */
    public BenchRunner(Model model, double temperature, long seed, PrintStream log) {
        this.model = model;
        this.temperature = temperature;
        this.seed = seed;
        this.log = log;
    }

    /** One measured run of {@code w} on an engine configured as {@code cfg}. */
    public BenchMetrics run(Workload w, EngineConfig cfg, Reservation reservation) {
        int context = model.config().maxPositionEmbeddings();
        if (w.longestSequence() > context) {
            throw new IllegalArgumentException("the workload has a request of " + w.longestSequence() + " tokens; the model's "
                + "context is " + context + " tokens");
        }
        if ((cfg.kvAllocation() == KvAllocation.STATIC) != (reservation != Reservation.NONE)) {
            throw new IllegalArgumentException("a reservation goes with STATIC KV allocation and only with it");
        }
        List<GenerationRequest> requests = requests(w);
        try (LlmEngine engine = LlmEngine.create(model, cfg)) {
            EngineStats before = engine.stats();
            long t0 = System.nanoTime();
            List<CompletableFuture<GenerationResult>> futures = engine.submitAll(requests, i -> reservation == Reservation.NONE
                ? -1 : reservedTokens(w, w.requests().get(i), reservation, context));
            CompletableFuture.allOf(futures.toArray(new CompletableFuture<?>[0])).join();
            long wall = System.nanoTime() - t0;
            EngineStats after = engine.stats();
            long output = 0;
            for (int i = 0; i < futures.size(); i++) output += checked(futures.get(i).join(), w.requests().get(i), i);
            return BenchMetrics.of(before, after, requests.size(), w.promptTokens(), output, wall);
        }
    }

    /**
     * The vLLM paper's comparison at one KV budget: paged with prefix caching, the two static baselines, and paged
     * without prefix caching. Keys are {@link BenchReport}'s run names, in that order.
     */
    public Map<String, BenchMetrics> compare(Workload w, EngineConfig base) {
        EngineConfig paged = base.withKvAllocation(KvAllocation.PAGED);
        EngineConfig statik = base.withKvAllocation(KvAllocation.STATIC).withPrefixCaching(false);
        Map<String, BenchMetrics> runs = new LinkedHashMap<>();
        runs.put(BenchReport.PAGED, logged(BenchReport.PAGED, w, paged.withPrefixCaching(true), Reservation.NONE));
        runs.put(BenchReport.STATIC, logged(BenchReport.STATIC, w, statik, Reservation.MAX_TOKENS_CAP));
        runs.put(BenchReport.STATIC_ORACLE, logged(BenchReport.STATIC_ORACLE, w, statik, Reservation.TRUE_LENGTH));
        runs.put(BenchReport.NO_PREFIX_CACHE, logged(BenchReport.NO_PREFIX_CACHE, w, paged.withPrefixCaching(false), Reservation.NONE));
        return runs;
    }

    /** Runs with progress on the log: benchmark runs take minutes on small machines. */
    public BenchMetrics logged(String label, Workload w, EngineConfig cfg, Reservation reservation) {
        log.printf("bench: run %s (%s KV%s)...%n", label, cfg.kvAllocation().name().toLowerCase(java.util.Locale.ROOT),
            reservation == Reservation.NONE ? ", prefix caching " + (cfg.prefixCaching() ? "on" : "off")
                : ", reserving prompt + " + (reservation == Reservation.MAX_TOKENS_CAP ? "max_tokens " + w.maxTokensCap() : "true length"));
        BenchMetrics m = run(w, cfg, reservation);
        log.printf("bench: run %s done in %.1f s (%.1f output tokens/s)%n", label, m.wallSeconds(), m.outputTokensPerS());
        return m;
    }

    /**
     * A few short requests on a throwaway engine first, so the measured runs do not pay for JIT compilation (which
     * would otherwise make whichever run goes first look slower). Their output lengths differ (1, 2, 3 and 6 parts)
     * so that steps of 4, 3, 2 and 1 running sequences all occur: the kernels of 1-3 token steps are separate methods,
     * and with equal lengths C2 first compiled them inside the measured run (seen with -XX:+PrintCompilation: a
     * one-sequence Q8_0 run spent its first 0.5-0.6 of 3.6 s in the decode kernel's slower tiers).
     */
    public void warmUp(EngineConfig cfg) {
        Workload w = warmUpWorkload(model.config().maxPositionEmbeddings(), model.config().vocabSize(), seed);
        EngineConfig paged = cfg.withKvAllocation(KvAllocation.PAGED);
        long t0 = System.nanoTime();
        run(w, paged, Reservation.NONE);
        log.printf("bench: warm-up done in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }

    /** Four prompts of up to 32 tokens with outputs of 1, 2, 3 and 6 parts of up to 8 tokens, within {@code context}. */
    static Workload warmUpWorkload(int context, int vocab, long seed) {
        int part = Math.max(1, Math.min(8, (context - 32) / 6));
        int prompt = Math.max(1, Math.min(32, context - 6 * part));
        Workload equal = Workloads.fixed(4, prompt, part, vocab, seed);
        List<BenchRequest> staggered = new ArrayList<>();
        int[] parts = {1, 2, 3, 6};
        for (int i = 0; i < parts.length; i++) {
            staggered.add(new BenchRequest(equal.requests().get(i).promptTokenIds(), parts[i] * part));
        }
        return new Workload("warm-up", staggered, 6 * part);
    }

    /** The engine requests of a workload: prompt ids verbatim, max_tokens = true length, ignore_eos. */
    List<GenerationRequest> requests(Workload w) {
        List<GenerationRequest> out = new ArrayList<>(w.requests().size());
        for (int i = 0; i < w.requests().size(); i++) {
            BenchRequest r = w.requests().get(i);
            SamplingParams p = SamplingParams.builder().maxTokens(r.outputTokens()).temperature(temperature)
                .seed(temperature == 0 ? null : seed + i).ignoreEos(true).build();
            out.add(new GenerationRequest(Prompt.tokens(r.promptTokenIds()), p));
        }
        return out;
    }

    /** Tokens (prompt included) a STATIC engine reserves for {@code r}, at most the model's context. */
    static int reservedTokens(Workload w, BenchRequest r, Reservation reservation, int context) {
        int output = reservation == Reservation.MAX_TOKENS_CAP ? w.maxTokensCap() : r.outputTokens();
        return Math.min(context, r.promptTokenIds().length + output);
    }

    /** The output tokens of a result; an error or a wrong length makes the whole measurement meaningless. */
    private static int checked(GenerationResult res, BenchRequest r, int index) {
        if (res.isError()) throw new IllegalStateException("benchmark request " + index + " failed: " + res.error());
        if (res.tokenIds().length != r.outputTokens()) {
            throw new IllegalStateException("benchmark request " + index + " generated " + res.tokenIds().length
                + " tokens instead of " + r.outputTokens() + " (finish reason " + res.finishReason().wire + ")");
        }
        return res.tokenIds().length;
    }
}

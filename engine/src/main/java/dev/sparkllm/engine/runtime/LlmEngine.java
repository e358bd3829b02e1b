package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.backend.Backend;
import dev.sparkllm.engine.backend.Backends;
import dev.sparkllm.engine.kv.KvAllocation;
import dev.sparkllm.engine.kv.KvCacheConfig;
import dev.sparkllm.engine.kv.KvCacheManager;
import dev.sparkllm.engine.model.LlamaForward;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelConfig;
import dev.sparkllm.engine.model.SharedModels;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.sample.StopChecker;
import dev.sparkllm.engine.sched.EngineRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntUnaryOperator;

/**
 * The inference engine: one model, one paged KV cache, one scheduler, one engine thread that runs steps while any
 * request is active. Thread-safe: any number of threads may {@link #submit} at once (a Spark executor's task threads
 * do), so batching spans callers.
 *
 * <pre>
 *   submit() ──tokenize, validate──▶ inbox ──▶ engine thread: [admit ▶ schedule ▶ forward ▶ sample ▶ finish] loop
 *                                                   │ completes each request's future in the step it finishes
 * </pre>
 */
public final class LlmEngine implements AutoCloseable {
    private final Model model;
    private final boolean sharedModel;
    private final EngineConfig config;
    private final Backend backend;
    private final EngineCore core;
    private final ConcurrentLinkedQueue<EngineRequest> inbox = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<EngineRequest> cancelled = new ConcurrentLinkedQueue<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AtomicLong ids = new AtomicLong();
    private final SplittableRandom seeds = new SplittableRandom();
    private final Thread thread;
    private volatile boolean closed;
    private volatile EngineStats stats;

    private LlmEngine(Model model, boolean sharedModel, EngineConfig config) {
        this.model = model;
        this.sharedModel = sharedModel;
        this.config = config;
        ModelConfig mc = model.config();
        long budget = config.kvCacheMemory() > 0 ? config.kvCacheMemory()
            : (long) (Runtime.getRuntime().maxMemory() * config.kvCacheFraction());
        KvCacheConfig kvc = KvCacheConfig.fromMemory(budget, config.blockSize(), mc.numLayers(), mc.kvDim(),
            config.prefixCaching() && config.kvAllocation() == KvAllocation.PAGED, model.source().toString().hashCode(),
            config.kvCacheDtype());
        KvCacheManager kv = new KvCacheManager(kvc);   // first: the allocation that can fail, before any thread starts
        this.backend = Backends.cpu(config.threads());
        LlamaForward forward;
        try {
            forward = new LlamaForward(mc, model.weights(), backend);
        } catch (OutOfMemoryError e) {
            backend.close();
            Runtime rt = Runtime.getRuntime();
            throw new IllegalArgumentException(String.format("not enough heap to prepare the weights of %s for the %s "
                + "backend (max heap %.1f MiB): raise -Xmx or lower the KV cache memory", model.source(), backend.name(),
                rt.maxMemory() / 1048576.0));
        }
        this.core = new EngineCore(model, forward, kv, config);
        publishStats();
        this.thread = new Thread(this::loop, "sparkllm-engine");
        thread.setDaemon(true);
        thread.start();
    }

    /** Opens the model at {@code path} (shared with other engines of this JVM) and starts an engine on it. */
    public static LlmEngine open(Path path, EngineConfig config) {
        Model m = SharedModels.acquire(path);
        try {
            return new LlmEngine(m, true, config);
        } catch (RuntimeException e) {
            SharedModels.release(m);
            throw e;
        }
    }

    /** An engine on an already loaded model (the caller keeps ownership of it). */
    public static LlmEngine create(Model model, EngineConfig config) {
        return new LlmEngine(model, false, config);
    }

    public Model model() { return model; }

    public EngineConfig config() { return config; }

    /** Which compute backend runs the model, e.g. "vector(2 threads)" or "scalar". */
    public String backendName() { return backend.name(); }

    public CompletableFuture<GenerationResult> submit(GenerationRequest request) {
        return submit(request, -1);
    }

    /**
     * Like {@link #submit(GenerationRequest)}, with the number of tokens a STATIC-allocation engine reserves for this
     * request (default prompt + max_tokens). Benchmarks use it to model reservation policies; PAGED ignores it.
     */
    public CompletableFuture<GenerationResult> submit(GenerationRequest request, int staticReservationTokens) {
        return submitAll(List.of(request), i -> staticReservationTokens).get(0);
    }

    /**
     * Submits a batch so that the engine sees all of it at its next step (one by one, the engine may start on the
     * first before the rest arrive): futures in input order. {@code staticReservationTokens} gives each request's
     * STATIC reservation as in {@link #submit(GenerationRequest, int)}; -1 for the default.
     */
    public List<CompletableFuture<GenerationResult>> submitAll(List<GenerationRequest> requests,
                                                              IntUnaryOperator staticReservationTokens) {
        List<CompletableFuture<GenerationResult>> futures = new ArrayList<>(requests.size());
        List<EngineRequest> accepted = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            CompletableFuture<GenerationResult> future = new CompletableFuture<>();
            futures.add(future);
            EngineRequest r = prepare(requests.get(i), staticReservationTokens.applyAsInt(i), future);
            if (r != null) accepted.add(r);
        }
        for (EngineRequest r : accepted) {
            r.future().whenComplete((res, err) -> {
                if (r.future().isCancelled()) {
                    cancelled.add(r);
                    signal();
                }
            });
        }
        inbox.addAll(accepted);
        // close() may have drained the inbox between the check in prepare and the add: never leave a future hanging.
        if (closed) {
            for (EngineRequest r : accepted) {
                if (inbox.remove(r)) r.future().completeExceptionally(new IllegalStateException("the engine is closed"));
            }
        }
        signal();
        return futures;
    }

    /** Validates and tokenizes one request; null when {@code future} already holds its (error) result. */
    private EngineRequest prepare(GenerationRequest request, int staticReservationTokens,
                                  CompletableFuture<GenerationResult> future) {
        if (closed) {
            future.completeExceptionally(new IllegalStateException("the engine is closed"));
            return null;
        }
        int[] prompt;
        try {
            prompt = PromptEncoder.encode(model, request.prompt());
        } catch (IllegalArgumentException e) {
            future.complete(GenerationResult.error(request.prompt().tokenIds(), e.getMessage()));
            return null;
        }
        SamplingParams p = request.params();
        if (p.maxTokens() < 1) {
            future.complete(GenerationResult.error(prompt, "max_tokens must be at least 1, got " + p.maxTokens()));
            return null;
        }
        int context = model.config().maxPositionEmbeddings();
        int maxOut = Math.min(p.maxTokens(), context - prompt.length);
        int reservation = Math.min(context, staticReservationTokens > 0 ? staticReservationTokens : prompt.length + maxOut);
        long seed = p.seed() != null ? p.seed() : nextSeed();
        return new EngineRequest(ids.incrementAndGet(), prompt, p, maxOut, reservation, future,
            () -> new StopChecker(model.tokenizer(), p, core.eosIds()), seed);
    }

    private synchronized long nextSeed() {
        return seeds.nextLong();
    }

    /** Runs a batch and returns the results in input order. */
    public List<GenerationResult> generate(List<GenerationRequest> requests) {
        List<CompletableFuture<GenerationResult>> futures = submitAll(requests, i -> -1);
        List<GenerationResult> out = new ArrayList<>(requests.size());
        for (CompletableFuture<GenerationResult> f : futures) out.add(f.join());
        return out;
    }

    /** Cancels a submitted request: it leaves the batch at the next step and its KV blocks are freed. */
    public boolean cancel(CompletableFuture<GenerationResult> future) {
        return future.cancel(false);
    }

    /** The counters as of the last finished step. */
    public EngineStats stats() { return stats; }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (!closed) {
            EngineRequest r;
            while ((r = inbox.poll()) != null) core.add(r);
            while ((r = cancelled.poll()) != null) core.abort(r);
            if (!core.hasWork()) {
                publishStats();
                awaitWork();
                continue;
            }
            List<EngineRequest> done;
            try {
                done = core.step();
            } catch (RuntimeException | Error e) {
                failAll(e);
                continue;
            }
            publishStats();
            for (EngineRequest d : done) d.future().complete(Results.of(d));
        }
        failAll(new IllegalStateException("the engine was closed"));
    }

    private void awaitWork() {
        lock.lock();
        try {
            if (inbox.isEmpty() && cancelled.isEmpty() && !closed) wake.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        } finally {
            lock.unlock();
        }
    }

    /** An engine bug must not hang callers: every active request fails with the cause and its blocks are freed. */
    private void failAll(Throwable cause) {
        EngineRequest r;
        while ((r = inbox.poll()) != null) core.add(r);
        for (EngineRequest a : core.activeRequestList()) {
            core.abort(a);
            a.future().completeExceptionally(cause);
        }
        publishStats();
    }

    private void publishStats() {
        stats = core.snapshot();
    }

    @Override
    public void close() {
        closed = true;
        signal();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        backend.close();
        if (sharedModel) SharedModels.release(model);
    }
}

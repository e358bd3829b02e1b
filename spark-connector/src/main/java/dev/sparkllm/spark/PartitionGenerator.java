package dev.sparkllm.spark;

import dev.sparkllm.engine.runtime.EngineStats;
import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.LlmEngine;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.sample.SamplingParams;
import java.util.ArrayDeque;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.sql.catalyst.expressions.JoinedRow;
import org.apache.spark.sql.execution.metric.SQLMetric;

/**
 * Runs the {@code generate()} calls of one partition, as Spark's EvalPythonExec runs Python UDFs: input rows stream
 * to the executor's engine, a bounded window of them stays in flight (so the engine can batch while the task waits),
 * and output leaves in input order — a FIFO of (row, futures) whose head is awaited, whatever finishes first.
 *
 * <pre>
 *   input ──submit──▶ [row5 row4 row3 row2 row1] ──await head──▶ row1 ⨝ results ──▶ output
 *                      ◀──── rowsInFlight ────▶
 * </pre>
 *
 * Each output row is the input row joined with one result struct per call (null for a null prompt). When the task
 * ends for any reason (done, failed, killed, or a LIMIT above stopped reading), requests still in flight are cancelled
 * so the engine frees their KV blocks.
 */
public final class PartitionGenerator implements Iterator<InternalRow> {
    private static final CompletableFuture<GenerationResult> NULL_RESULT = CompletableFuture.completedFuture(null);

    private record Pending(InternalRow row, long index, CompletableFuture<GenerationResult>[] results, boolean[] failOnError) { }

    private final CallInputs inputs;
    private final GenerateSettings settings;
    private final Map<String, SQLMetric> metrics;
    private final TaskContext task;
    private final Iterator<InternalRow> input;
    private final RowOptions options;
    private final ArrayDeque<Pending> window = new ArrayDeque<>();
    private final Map<LlmEngine, EngineStats> engineStart = new IdentityHashMap<>();
    private long rowsRead;
    private boolean finished;

    /** @param metrics the SQL metrics to update, by {@link GenerateMetrics} name; absent ones are not kept */
    public PartitionGenerator(CallInputs inputs, GenerateSettings settings, Map<String, SQLMetric> metrics,
                              TaskContext task, Iterator<InternalRow> input) {
        this.inputs = inputs;
        this.settings = settings;
        this.metrics = metrics;
        this.task = task;
        this.input = input;
        this.options = new RowOptions(settings.defaultModel());
        if (task != null) task.addTaskCompletionListener((org.apache.spark.util.TaskCompletionListener) ctx -> cancelInFlight());
    }

    @Override
    public boolean hasNext() {
        fill();
        if (window.isEmpty()) finish();
        return !window.isEmpty();
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) throw new NoSuchElementException();
        Pending p = window.poll();
        Object[] structs = new Object[p.results.length];
        for (int c = 0; c < structs.length; c++) structs[c] = resultRow(p, c, await(p.results[c], p.index));
        add(GenerateMetrics.ROWS, 1);
        return new JoinedRow(p.row, new GenericInternalRow(structs));
    }

    private void fill() {
        while (window.size() < settings.rowsInFlight() && input.hasNext()) {
            InternalRow row = input.next().copy();   // upstream operators reuse their row objects
            window.add(submit(row, rowsRead++));
        }
    }

    @SuppressWarnings("unchecked")
    private Pending submit(InternalRow row, long index) {
        CallInput[] in = inputs.read(row);
        CompletableFuture<GenerationResult>[] futures = new CompletableFuture[in.length];
        boolean[] fail = new boolean[in.length];
        for (int c = 0; c < in.length; c++) {
            if (in[c].isNull()) {
                futures[c] = NULL_RESULT;
                continue;
            }
            LlmEngine engine = EngineRegistry.engine(requireModel(options.model(in[c].options())));
            engineStart.computeIfAbsent(engine, LlmEngine::stats);
            RowOptions.Parsed parsed = options.parse(in[c].options(), engine);
            fail[c] = parsed.failOnError();
            String error = in[c].error() != null ? in[c].error() : parsed.error();
            futures[c] = error != null ? failed(error) : submit(engine, in[c].prompt(), parsed.params());
        }
        return new Pending(row, index, futures, fail);
    }

    private CompletableFuture<GenerationResult> submit(LlmEngine engine, Prompt prompt, SamplingParams params) {
        if (params.seed() == null) params = params.toBuilder().seed(PromptSeeds.derive(settings.seedBase(), prompt)).build();
        return engine.submit(new GenerationRequest(prompt, params));
    }

    private static String requireModel(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalStateException("generate() has no model: set " + SparkLlmConf.MODEL
                + " or pass the option 'model'");
        }
        return model;
    }

    private static CompletableFuture<GenerationResult> failed(String message) {
        return CompletableFuture.completedFuture(GenerationResult.error(null, message));
    }

    private Object resultRow(Pending p, int call, GenerationResult r) {
        if (r == null) return null;
        if (r.isError()) {
            if (p.failOnError[call]) {
                throw new IllegalStateException("generate() failed on row " + p.index + " of partition "
                    + (task == null ? 0 : task.partitionId()) + " (on_error=fail): " + r.error());
            }
            add(GenerateMetrics.ERRORS, 1);
        }
        add(GenerateMetrics.PROMPT_TOKENS, r.promptTokenIds().length);
        add(GenerateMetrics.GENERATED_TOKENS, r.completionTokens());
        add(GenerateMetrics.CACHED_TOKENS, r.cachedPromptTokens());
        return GenerateResults.toRow(r);
    }

    private void add(String metric, long value) {
        SQLMetric m = metrics.get(metric);
        if (m != null) m.add(value);
    }

    /** Waits for a result, checking every 100 ms whether Spark killed the task (threads are not always interrupted). */
    private GenerationResult await(CompletableFuture<GenerationResult> f, long index) {
        while (true) {
            try {
                return f.get(100, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (task != null) task.killTaskIfInterrupted();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                if (task != null) task.killTaskIfInterrupted();
                throw new IllegalStateException("interrupted while waiting for generate() on row " + index, e);
            } catch (ExecutionException | CancellationException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                throw new IllegalStateException("the sparkllm engine failed on row " + index + ": " + cause.getMessage(), cause);
            }
        }
    }

    private void finish() {
        if (finished) return;
        finished = true;
        for (Map.Entry<LlmEngine, EngineStats> e : engineStart.entrySet()) {
            GenerateMetrics.addEngineDelta(metrics, e.getValue(), e.getKey().stats());
        }
    }

    private void cancelInFlight() {
        for (Pending p : window) {
            for (CompletableFuture<GenerationResult> f : p.results) f.cancel(false);
        }
        window.clear();
    }
}

package dev.sparkllm.spark;

import dev.sparkllm.engine.runtime.EngineStats;
import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.LlmEngine;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.tokenizer.ChatMessage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
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
import org.apache.spark.sql.catalyst.util.ArrayData;
import org.apache.spark.sql.execution.metric.SQLMetric;
import scala.Function1;

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

    private final CallSpec[] calls;
    private final GenerateSettings settings;
    private final Map<String, SQLMetric> metrics;
    private final TaskContext task;
    private final Iterator<InternalRow> input;
    private final Function1<InternalRow, ? extends InternalRow> arguments;
    private final RowOptions options;
    private final ArrayDeque<Pending> window = new ArrayDeque<>();
    private final Map<LlmEngine, EngineStats> engineStart = new IdentityHashMap<>();
    private long rowsRead;
    private boolean finished;

    /**
     * @param arguments projects an input row to (prompt, options) per call, 2 × calls.length fields
     */
    public PartitionGenerator(List<CallSpec> calls, GenerateSettings settings, Map<String, SQLMetric> metrics,
                              TaskContext task, Iterator<InternalRow> input,
                              Function1<InternalRow, ? extends InternalRow> arguments) {
        this.calls = calls.toArray(new CallSpec[0]);
        this.settings = settings;
        this.metrics = metrics;
        this.task = task;
        this.input = input;
        this.arguments = arguments;
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
        Object[] structs = new Object[calls.length];
        for (int c = 0; c < calls.length; c++) structs[c] = resultRow(p, c, await(p.results[c], p.index));
        metrics.get(GenerateMetrics.ROWS).add(1);
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
        InternalRow args = arguments.apply(row);
        CompletableFuture<GenerationResult>[] futures = new CompletableFuture[calls.length];
        boolean[] fail = new boolean[calls.length];
        for (int c = 0; c < calls.length; c++) {
            if (args.isNullAt(2 * c)) {
                futures[c] = NULL_RESULT;
                continue;
            }
            Map<String, String> opts = RowOptions.toJava(args.isNullAt(2 * c + 1) ? null : args.getMap(2 * c + 1));
            LlmEngine engine = EngineRegistry.engine(requireModel(options.model(opts)));
            engineStart.computeIfAbsent(engine, LlmEngine::stats);
            RowOptions.Parsed parsed = options.parse(opts, engine);
            fail[c] = parsed.failOnError();
            futures[c] = parsed.error() != null ? failed(parsed.error()) : submit(engine, args, c, parsed.params());
        }
        return new Pending(row, index, futures, fail);
    }

    private CompletableFuture<GenerationResult> submit(LlmEngine engine, InternalRow args, int c, SamplingParams params) {
        Prompt prompt;
        try {
            prompt = calls[c].chat() ? Prompt.chat(messages(args.getArray(2 * c), calls[c])) : Prompt.text(args.getUTF8String(2 * c).toString());
        } catch (IllegalArgumentException e) {
            return failed(e.getMessage());
        }
        if (params.seed() == null) params = params.toBuilder().seed(PromptSeeds.derive(settings.seedBase(), prompt)).build();
        return engine.submit(new GenerationRequest(prompt, params));
    }

    private static List<ChatMessage> messages(ArrayData array, CallSpec spec) {
        List<ChatMessage> out = new ArrayList<>(array.numElements());
        for (int i = 0; i < array.numElements(); i++) {
            if (array.isNullAt(i)) throw new IllegalArgumentException("chat message " + i + " is null");
            InternalRow m = array.getStruct(i, Math.max(spec.roleField(), spec.contentField()) + 1);
            if (m.isNullAt(spec.roleField()) || m.isNullAt(spec.contentField())) {
                throw new IllegalArgumentException("chat message " + i + " has a null role or content");
            }
            out.add(new ChatMessage(m.getUTF8String(spec.roleField()).toString(), m.getUTF8String(spec.contentField()).toString()));
        }
        return out;
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
            metrics.get(GenerateMetrics.ERRORS).add(1);
        }
        metrics.get(GenerateMetrics.PROMPT_TOKENS).add(r.promptTokenIds().length);
        metrics.get(GenerateMetrics.GENERATED_TOKENS).add(r.completionTokens());
        metrics.get(GenerateMetrics.CACHED_TOKENS).add(r.cachedPromptTokens());
        return GenerateResults.toRow(r);
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

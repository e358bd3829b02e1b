package dev.sparkllm.examples;

import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.runtime.EngineStats;
import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.LlmEngine;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.spark.EngineRegistry;
import dev.sparkllm.spark.SparkLlm;
import dev.sparkllm.spark.SparkLlmConf;
import dev.sparkllm.spark.SparkLlmPlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What Spark costs on top of the engine: the same prompts, options, model and engine settings run three ways in one
 * JVM: {@code LlmEngine.generate} with all rows at once; the engine fed one request at a time with as many rows in
 * flight as the Spark side keeps (the connector's feeding pattern, without Spark); and {@code generate()} in a local
 * Spark session. Rounds alternate the order (A B C, C B A, ...) so that JIT warm-up and machine noise fall on every
 * side. Each pass uses fresh prompts (a tag in the text), so no side finds an earlier pass's prompts in its prefix
 * cache. Reports each side's best round and the ratios of generated tokens per second, Spark over each engine side
 * (the target is 0.90 or more).
 *
 * <p>The model is loaded from a path, as executors load it: {@code --model PATH}, else a random-weight Qwen2 model of
 * {@code --hidden}/{@code --layers} written once under {@code examples/target/bench-models} (the 1.4 MB demo model is
 * so small that the benchmark would time Spark's per-row work against almost nothing).
 */
public final class SparkOverheadBench {
    private static final String USAGE = "bin/sparkllm-spark overhead-bench [--prompts 2000] [--max-tokens 32] [--rounds 2]"
        + " [--threads N] [--kv-cache-memory 256m] [--max-num-seqs 256] [--model PATH | --hidden 512 --layers 4]";
    private static final Set<String> ARGS = Set.of("prompts", "max-tokens", "rounds", "threads", "kv-cache-memory",
        "max-num-seqs", "model", "hidden", "layers");
    private static final int WARMUP_PROMPTS = 32;

    /**
     * One timed pass: wall seconds, rows, generated tokens, and the engine's work over the pass (steps, step time,
     * prompt tokens computed, prefix-cache hits), which tells a slower side's lost time apart from more engine work.
     */
    record Pass(double seconds, long rows, long tokens, EngineWork work) {
        double tokensPerSecond() { return tokens / seconds; }
        double rowsPerSecond() { return rows / seconds; }

        /**
         * The share of the pass in which the engine ran no step: the time the feeding side (Spark, or the caller)
         * left it waiting. Unlike tokens/s it hardly moves when other processes slow the whole machine down.
         */
        double idleFraction() { return Math.max(0, 1 - work.stepSeconds() / seconds); }
    }

    record EngineWork(long steps, double stepSeconds, long promptTokensComputed, long prefixHitTokens) {
        static EngineWork between(EngineStats before, EngineStats after) {
            return new EngineWork(after.steps() - before.steps(), (after.stepNanos() - before.stepNanos()) / 1e9,
                after.promptTokensComputed() - before.promptTokensComputed(),
                after.prefixHitTokens() - before.prefixHitTokens());
        }
    }

    /** One way of running the prompts. */
    record Side(String name, Function<List<String>, Pass> run) { }

    private SparkOverheadBench() { }

    public static void main(String[] args) {
        JobArgs.runMain(() -> run(JobArgs.parse(args, ARGS, USAGE)));
    }

    private static void run(JobArgs args) {
        int prompts = args.positiveInt("prompts", 2000);
        int rounds = args.positiveInt("rounds", 2);
        int threads = args.positiveInt("threads", Runtime.getRuntime().availableProcessors());
        int maxNumSeqs = args.positiveInt("max-num-seqs", 256);
        String kv = args.get("kv-cache-memory", "256m");
        Map<String, String> options = Map.of("max_tokens", String.valueOf(args.positiveInt("max-tokens", 32)),
            "temperature", "0", "ignore_eos", "true");   // every row generates max_tokens on both sides
        Path model = model(args);
        List<String> texts = sampleTexts(JobArgs.inCheckout("examples/data/prompts.jsonl"));

        SparkSession spark = SparkSession.builder().appName("sparkllm overhead bench").master("local[" + threads + "]")
            .config("spark.ui.enabled", "false")
            .config("spark.plugins", SparkLlmPlugin.class.getName())
            .config(SparkLlmConf.MODEL, model.toString())
            .config(SparkLlmConf.KV_CACHE_MEMORY, kv)
            .config(SparkLlmConf.MAX_NUM_SEQS, String.valueOf(maxNumSeqs))
            .config(SparkLlmConf.THREADS, String.valueOf(threads))
            .getOrCreate();
        // The connector's engine settings, spelled out for the engine side (EngineRegistry builds the same config).
        EngineConfig config = EngineConfig.DEFAULTS.withKvCacheMemory(SparkLlmConf.engineSettings(
            Map.of(SparkLlmConf.KV_CACHE_MEMORY, kv), threads).kvCacheMemory()).withMaxNumSeqs(maxNumSeqs).withThreads(threads);
        try (LlmEngine engine = LlmEngine.open(model, config)) {
            SamplingParams params = SamplingParams.fromOptions(options,
                SamplingParams.defaultsFrom(engine.model().defaults()).build());
            engineGenerate(engine, prompts(texts, "warm-up", WARMUP_PROMPTS), params);   // loads nothing lazily later
            sparkRun(spark, prompts(texts, "warm-up", WARMUP_PROMPTS), options);   // opens the executor's engine
            int window = 2 * maxNumSeqs * threads;   // the Spark side's rows in flight: one task per core
            List<Side> sides = List.of(
                new Side("engine alone: LlmEngine.generate, all rows at once", p -> engineGenerate(engine, p, params)),
                new Side("engine alone: submit, " + window + " rows in flight", p -> engineWindowed(engine, p, params, window)),
                new Side("Spark generate(), local[" + threads + "]", p -> sparkGenerate(spark, model, p, options)));
            Map<Side, List<Pass>> passes = new LinkedHashMap<>();
            for (int r = 0; r < rounds; r++) {
                List<Side> order = new ArrayList<>(sides);
                if (r % 2 == 1) Collections.reverse(order);
                for (Side side : order) {
                    Pass pass = side.run().apply(prompts(texts, "r" + r + "-" + sides.indexOf(side), prompts));
                    passes.computeIfAbsent(side, k -> new ArrayList<>()).add(pass);
                    System.err.printf(Locale.ROOT, "round %d: %s: %.1f tok/s%n", r + 1, side.name(), pass.tokensPerSecond());
                }
            }
            report(model, prompts, threads, options, sides, passes);
        } finally {
            spark.stop();
        }
    }

    private static Path model(JobArgs args) {
        if (args.get("model", null) != null) return args.existingPath("model", null);
        int hidden = args.positiveInt("hidden", 512);
        // 64-wide heads, 4 query heads per key/value head, an MLP 5x the width: near Qwen2-0.5B's proportions
        RandomModelWriter.Shape shape = new RandomModelWriter.Shape(hidden, args.positiveInt("layers", 4), hidden / 64,
            Math.max(1, hidden / 256), 5 * hidden);
        Path parent = JobArgs.inCheckout("examples").resolve("target/bench-models");
        System.err.println("writing (once) or reusing a random-weight model under " + parent + " ...");
        return RandomModelWriter.writeOnce(JobArgs.inCheckout("models/demo-qwen2"), shape, parent);
    }

    private static Pass engineGenerate(LlmEngine engine, List<String> prompts, SamplingParams params) {
        List<GenerationRequest> requests = new ArrayList<>(prompts.size());
        for (String p : prompts) requests.add(new GenerationRequest(Prompt.text(p), params));
        EngineStats before = engine.stats();
        long start = System.nanoTime();
        List<GenerationResult> results = engine.generate(requests);
        double seconds = (System.nanoTime() - start) / 1e9;
        EngineWork work = EngineWork.between(before, engine.stats());
        long tokens = 0;
        for (GenerationResult r : results) tokens += completionTokens(r);
        return new Pass(seconds, results.size(), tokens, work);
    }

    /**
     * Submits one request at a time, keeping at most {@code window} unfinished and waiting on the oldest, as the
     * connector's tasks feed the engine: separates what the feeding pattern costs from what Spark costs.
     */
    private static Pass engineWindowed(LlmEngine engine, List<String> prompts, SamplingParams params, int window) {
        EngineStats before = engine.stats();
        long start = System.nanoTime();
        ArrayDeque<CompletableFuture<GenerationResult>> inFlight = new ArrayDeque<>();
        long tokens = 0;
        int next = 0;
        while (next < prompts.size() || !inFlight.isEmpty()) {
            while (next < prompts.size() && inFlight.size() < window) {
                inFlight.add(engine.submit(new GenerationRequest(Prompt.text(prompts.get(next++)), params)));
            }
            tokens += completionTokens(inFlight.poll().join());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Pass(seconds, prompts.size(), tokens, EngineWork.between(before, engine.stats()));
    }

    private static long completionTokens(GenerationResult r) {
        if (r.isError()) throw new IllegalStateException("the engine failed a request: " + r.error());
        return r.completionTokens();
    }

    private static Pass sparkGenerate(SparkSession spark, Path model, List<String> prompts, Map<String, String> options) {
        EngineStats before = executorEngineStats(model);
        long start = System.nanoTime();
        ResultSummary s = sparkRun(spark, prompts, options);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Pass(seconds, s.rows(), s.completionTokens(), EngineWork.between(before, executorEngineStats(model)));
    }

    /** One Spark job over {@code prompts}: every row's {@code generate()} runs, the driver gets the totals. */
    private static ResultSummary sparkRun(SparkSession spark, List<String> prompts, Map<String, String> options) {
        Dataset<Row> df = spark.createDataset(prompts, Encoders.STRING()).toDF("prompt");
        ResultSummary s = ResultSummary.of(df.select(SparkLlm.generate(functions.col("prompt"), options).as("r")), "r.");
        if (s.errorRows() > 0) throw new IllegalStateException(s.errorRows() + " rows failed in Spark");
        return s;
    }

    /** In local mode the executor's engine lives in this JVM (the warm-up query opened it). */
    private static EngineStats executorEngineStats(Path model) {
        EngineStats s = EngineRegistry.stats().get(model.toString());
        if (s == null) throw new IllegalStateException("no engine for " + model + " in this JVM after the warm-up query");
        return s;
    }

    private static Pass best(List<Pass> passes) {
        Pass b = passes.get(0);
        for (Pass p : passes) if (p.tokensPerSecond() > b.tokensPerSecond()) b = p;
        return b;
    }

    /** {@code n} prompts cycling through the sample prompts, each made unique by its round tag and number. */
    private static List<String> prompts(List<String> texts, String round, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) out.add(texts.get(i % texts.size()) + " (request " + round + "-" + i + ")");
        return out;
    }

    private static List<String> sampleTexts(Path jsonl) {
        try {
            List<String> texts = new ArrayList<>();
            var json = new com.fasterxml.jackson.databind.ObjectMapper();
            for (String line : Files.readAllLines(jsonl)) {
                if (!line.isBlank()) texts.add(json.readTree(line).get("prompt").asText());
            }
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void row(String name, Pass p) {
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f | %.1f | %d | %.2f | %.1f%% | %d | %d |%n", name, p.seconds(),
            p.rowsPerSecond(), p.tokensPerSecond(), p.work().steps(), p.work().stepSeconds(), 100 * p.idleFraction(),
            p.work().promptTokensComputed(), p.work().prefixHitTokens());
    }

    private static void report(Path model, int prompts, int threads, Map<String, String> options, List<Side> sides,
                               Map<Side, List<Pass>> passes) {
        Pass generate = best(passes.get(sides.get(0)));
        Pass windowed = best(passes.get(sides.get(1)));
        Pass spark = best(passes.get(sides.get(2)));
        System.out.println("| path (best round) | seconds | rows/s | generated tok/s | engine steps | engine step s "
            + "| engine idle | prompt tokens computed | prefix-hit tokens |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Side side : sides) row(side.name(), best(passes.get(side)));
        double ratio = spark.tokensPerSecond() / generate.tokensPerSecond();
        double ratioWindowed = spark.tokensPerSecond() / windowed.tokensPerSecond();
        System.out.printf(Locale.ROOT, "Spark / engine generated tok/s: %.3f vs LlmEngine.generate, %.3f vs windowed "
            + "submit (target >= 0.90)%n", ratio, ratioWindowed);
        System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"prompts\":%d,\"threads\":%d,\"max_tokens\":%s,"
                + "\"engine_generate_tokens_per_s\":%.1f,\"engine_windowed_tokens_per_s\":%.1f,"
                + "\"spark_tokens_per_s\":%.1f,\"ratio\":%.3f,\"ratio_windowed\":%.3f,\"spark_engine_idle\":%.4f}%n",
            model.getFileName(), prompts, threads, options.get("max_tokens"), generate.tokensPerSecond(),
            windowed.tokensPerSecond(), spark.tokensPerSecond(), ratio, ratioWindowed, spark.idleFraction());
    }
}

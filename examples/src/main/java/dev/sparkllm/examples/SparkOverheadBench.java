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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

/**
 * What Spark costs on top of the engine: the same prompts, options, model and engine settings run through
 * {@code LlmEngine.generate} directly and through {@code generate()} in a local Spark session, in one JVM, alternating
 * (engine, Spark, Spark, engine, ...) so that JIT warm-up and machine noise fall on both sides. Each round uses fresh
 * prompts (a round tag in the text), so neither side finds the previous round's prompts in its prefix cache. Reports
 * each side's best round and the ratio of generated tokens per second, Spark over engine (the target is 0.90 or more).
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
    private static final EngineStats EMPTY_STATS =
        new EngineStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, new long[0]);

    /**
     * One timed pass: wall seconds, rows, generated tokens, and the engine's work over the pass (steps, step time,
     * prompt tokens computed, prefix-cache hits), which tells a slower side's lost time apart from more engine work.
     */
    record Pass(double seconds, long rows, long tokens, EngineWork work) {
        double tokensPerSecond() { return tokens / seconds; }
        double rowsPerSecond() { return rows / seconds; }
    }

    record EngineWork(long steps, double stepSeconds, long promptTokensComputed, long prefixHitTokens) {
        static EngineWork between(EngineStats before, EngineStats after) {
            return new EngineWork(after.steps() - before.steps(), (after.stepNanos() - before.stepNanos()) / 1e9,
                after.promptTokensComputed() - before.promptTokensComputed(),
                after.prefixHitTokens() - before.prefixHitTokens());
        }
    }

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
            sparkGenerate(spark, model, prompts(texts, "warm-up", WARMUP_PROMPTS), options);    // opens the executor's engine
            List<Pass> enginePasses = new ArrayList<>();
            List<Pass> sparkPasses = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                List<String> e = prompts(texts, "e" + r, prompts);
                List<String> s = prompts(texts, "s" + r, prompts);
                if (r % 2 == 0) {
                    enginePasses.add(engineGenerate(engine, e, params));
                    sparkPasses.add(sparkGenerate(spark, model, s, options));
                } else {
                    sparkPasses.add(sparkGenerate(spark, model, s, options));
                    enginePasses.add(engineGenerate(engine, e, params));
                }
                System.err.printf("round %d: engine %.1f tok/s, Spark %.1f tok/s%n", r + 1,
                    enginePasses.get(r).tokensPerSecond(), sparkPasses.get(r).tokensPerSecond());
            }
            report(model, prompts, threads, options, best(enginePasses), best(sparkPasses));
        } finally {
            spark.stop();
        }
    }

    private static Path model(JobArgs args) {
        if (args.get("model", null) != null) return args.existingPath("model", null);
        int hidden = args.positiveInt("hidden", 512);
        // Qwen2-0.5B's proportions: 64-wide heads, 4 query heads per key/value head, an MLP about 5x the width
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
        for (GenerationResult r : results) {
            if (r.isError()) throw new IllegalStateException("the engine failed a request: " + r.error());
            tokens += r.completionTokens();
        }
        return new Pass(seconds, results.size(), tokens, work);
    }

    private static Pass sparkGenerate(SparkSession spark, Path model, List<String> prompts, Map<String, String> options) {
        Dataset<Row> df = spark.createDataset(prompts, Encoders.STRING()).toDF("prompt");
        EngineStats before = executorEngineStats(model);
        long start = System.nanoTime();
        ResultSummary s = ResultSummary.of(df.select(SparkLlm.generate(functions.col("prompt"), options).as("r")), "r.");
        double seconds = (System.nanoTime() - start) / 1e9;
        if (s.errorRows() > 0) throw new IllegalStateException(s.errorRows() + " rows failed in Spark");
        return new Pass(seconds, s.rows(), s.completionTokens(), EngineWork.between(before, executorEngineStats(model)));
    }

    /** In local mode the executor's engine lives in this JVM; before its first query there is none yet. */
    private static EngineStats executorEngineStats(Path model) {
        EngineStats s = EngineRegistry.stats().get(model.toString());
        return s != null ? s : EMPTY_STATS;
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
        System.out.printf(Locale.ROOT, "| %s | %.2f | %.1f | %.1f | %d | %.2f | %d | %d |%n", name, p.seconds(),
            p.rowsPerSecond(), p.tokensPerSecond(), p.work().steps(), p.work().stepSeconds(),
            p.work().promptTokensComputed(), p.work().prefixHitTokens());
    }

    private static void report(Path model, int prompts, int threads, Map<String, String> options, Pass engine, Pass spark) {
        double ratio = spark.tokensPerSecond() / engine.tokensPerSecond();
        System.out.println("| path | seconds | rows/s | generated tok/s | engine steps | engine step s | prompt tokens computed | prefix-hit tokens |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|---:|");
        row("engine alone (LlmEngine.generate)", engine);
        row("Spark generate(), local[" + threads + "]", spark);
        System.out.printf(Locale.ROOT, "Spark / engine generated tok/s: %.3f (target >= 0.90)%n", ratio);
        System.out.printf(Locale.ROOT, "{\"model\":\"%s\",\"prompts\":%d,\"threads\":%d,\"max_tokens\":%s,"
                + "\"engine_seconds\":%.3f,\"engine_tokens_per_s\":%.1f,\"spark_seconds\":%.3f,\"spark_tokens_per_s\":%.1f,"
                + "\"ratio\":%.3f}%n", model.getFileName(), prompts, threads, options.get("max_tokens"),
            engine.seconds(), engine.tokensPerSecond(), spark.seconds(), spark.tokensPerSecond(), ratio);
    }
}

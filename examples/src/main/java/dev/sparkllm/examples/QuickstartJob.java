package dev.sparkllm.examples;

import dev.sparkllm.engine.runtime.EngineStats;
import dev.sparkllm.spark.EngineRegistry;
import dev.sparkllm.spark.SparkLlmConf;
import dev.sparkllm.spark.SparkLlmPlugin;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The first thing to run: a local Spark SQL job (embedded, {@code local[*]}, no cluster) that generates a completion for
 * each of 200 sample prompts with the bundled demo model, then prints a few results, the throughput and the engine's
 * KV-cache statistics, and answers four chat conversations. The session sets nothing but the plugin and the model.
 *
 * <pre>bin/sparkllm-spark quickstart [--model PATH] [--prompts FILE.jsonl] [--chat FILE.jsonl] [--max-tokens N]</pre>
 */
public final class QuickstartJob {
    private static final String USAGE =
        "bin/sparkllm-spark quickstart [--model PATH] [--prompts FILE.jsonl] [--chat FILE.jsonl] [--max-tokens N]";

    private QuickstartJob() { }

    public static void main(String[] args) {
        JobArgs.runMain(() -> run(JobArgs.parse(args, Set.of("model", "prompts", "chat", "max-tokens"), USAGE)));
    }

    private static void run(JobArgs args) {
        Path model = args.existingPath("model", "models/demo-qwen2");
        Path prompts = args.existingPath("prompts", "examples/data/prompts.jsonl");
        Path chat = args.existingPath("chat", "examples/data/chat.jsonl");
        int maxTokens = args.positiveInt("max-tokens", 32);

        SparkSession spark = SparkSession.builder()
            .appName("sparkllm quickstart")
            .master("local[*]")
            .config("spark.plugins", SparkLlmPlugin.class.getName())
            .config(SparkLlmConf.MODEL, model.toString())
            .getOrCreate();
        try {
            spark.read().json(prompts.toString()).createOrReplaceTempView("prompts");
            // cache(): the count below runs every generate() call once; the later queries read the cached results.
            Dataset<Row> results = spark.sql("SELECT id, generate(prompt, map('max_tokens', '" + maxTokens
                + "', 'temperature', '0')) AS r FROM prompts").cache();
            long start = System.nanoTime();
            results.count();
            double seconds = (System.nanoTime() - start) / 1e9;
            results.createOrReplaceTempView("results");

            System.out.println("== a few results (model " + model + ": random weights, so the text is gibberish) ==");
            spark.sql("SELECT id, r.finish_reason, r.completion_tokens, r.text FROM results ORDER BY id")
                .show(5, 72);

            ResultSummary s = ResultSummary.of(results, "r.");
            System.out.println("== throughput (generate() over " + prompts.getFileName() + ", engine start included) ==");
            System.out.printf("rows: %d in %.2f s = %.1f rows/s; rows with an error: %d%n",
                s.rows(), seconds, s.rows() / seconds, s.errorRows());
            System.out.printf("generated tokens: %d = %.1f tokens/s; prompt tokens: %d, of which %d (%.1f%%) from the "
                + "prefix cache%n", s.completionTokens(), s.completionTokens() / seconds, s.promptTokens(),
                s.cachedTokens(), 100 * s.cachedFraction());
            printEngineStats();

            System.out.println("== chat messages (array<struct<role,content>> prompts, rendered with the model's "
                + "chat template) ==");
            spark.read().json(chat.toString()).createOrReplaceTempView("chat");
            spark.sql("SELECT id, generate(messages, map('max_tokens', '16', 'temperature', '0')).text AS reply "
                + "FROM chat ORDER BY id").show(20, 72);
        } finally {
            spark.stop();
        }
    }

    /** In local mode the executor's engines live in this JVM: their counters cover the query above. */
    private static void printEngineStats() {
        System.out.println("== engine and KV cache ==");
        for (Map.Entry<String, EngineStats> e : EngineRegistry.stats().entrySet()) {
            EngineStats st = e.getValue();
            System.out.printf("KV cache: %d blocks, peak running batch %d (mean %.1f), KV utilization %.1f%%, "
                    + "prefix-cache hit rate %.1f%%, preemptions %d%n", st.blocksTotal(), st.peakRunning(),
                st.meanRunning(), 100 * st.kvUtilization(), 100 * st.prefixHitRate(), st.preemptions());
            System.out.printf("engine: %d steps, %.1f output tokens/s of step time, %.0f prompt tokens/s%n",
                st.steps(), st.outputTokensPerSecond(), st.promptTokensPerSecond());
        }
    }
}

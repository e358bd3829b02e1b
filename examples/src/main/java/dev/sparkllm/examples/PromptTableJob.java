package dev.sparkllm.examples;

import static org.apache.spark.sql.functions.col;

import dev.sparkllm.spark.SparkLlm;
import dev.sparkllm.spark.SparkLlmConf;
import dev.sparkllm.spark.SparkLlmPlugin;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * A batch job as it runs in production: reads a prompt table (JSON lines or Parquet), generates a completion for every
 * row, and writes the input columns plus the result fields ({@code text, finish_reason, prompt_tokens,
 * completion_tokens, cached_tokens, error}) to Parquet. It then reads the written table back and prints one JSON line
 * of totals, so a submitter can check what landed. Fails when the output has another row count than the input.
 *
 * <p>The master and the model come from spark-submit ({@code --master}, {@code --conf spark.sparkllm.model=...}) or
 * the arguments; without a master the job runs in local mode. The plugin is added if the submitter did not set it.
 * On a platform that starts the session itself (Databricks), the job uses that session and leaves it running.
 *
 * <pre>PromptTableJob --input PATH --output DIR [--model PATH] [--format json|parquet] [--prompt-column prompt]
 *                [--max-tokens 64] [--temperature 0]</pre>
 */
public final class PromptTableJob {
    private static final String USAGE = "PromptTableJob --input PATH --output DIR [--model PATH] [--format json|parquet]"
        + " [--prompt-column prompt] [--max-tokens 64] [--temperature 0]";
    private static final Set<String> ARGS =
        Set.of("input", "output", "model", "format", "prompt-column", "max-tokens", "temperature");

    private PromptTableJob() { }

    public static void main(String[] args) {
        JobArgs.runMain(() -> run(JobArgs.parse(args, ARGS, USAGE)));
    }

    private static void run(JobArgs args) {
        String input = args.required("input");
        String output = args.required("output");
        String format = args.get("format", input.toLowerCase(Locale.ROOT).endsWith(".parquet") ? "parquet" : "json");
        if (!format.equals("json") && !format.equals("parquet")) {
            throw new JobArgs.UsageException("--format must be json or parquet, got \"" + format + "\"");
        }
        String promptColumn = args.get("prompt-column", "prompt");
        Map<String, String> options = Map.of("max_tokens", String.valueOf(args.positiveInt("max-tokens", 64)),
            "temperature", args.get("temperature", "0"));

        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = session(args.get("model", null));
        try {
            Dataset<Row> prompts = spark.read().format(format).load(input);
            if (!List.of(prompts.columns()).contains(promptColumn)) {
                throw new JobArgs.UsageException("the input has no column \"" + promptColumn + "\"; its columns: "
                    + String.join(", ", prompts.columns()) + " (choose one with --prompt-column)");
            }
            long inputRows = prompts.count();
            long start = System.nanoTime();
            withResultFields(prompts, promptColumn, options).write().mode(SaveMode.Overwrite).parquet(output);
            double seconds = (System.nanoTime() - start) / 1e9;

            ResultSummary written = ResultSummary.of(spark.read().parquet(output), "");
            System.out.printf("{\"input_rows\":%d,%s,\"seconds\":%.2f,\"output\":\"%s\"}%n",
                inputRows, written.json(), seconds, output.replace("\\", "\\\\").replace("\"", "\\\""));
            if (written.rows() != inputRows) {
                throw new IllegalStateException("wrote " + written.rows() + " rows for " + inputRows + " input rows");
            }
        } finally {
            if (ownSession) spark.stop();   // a platform's session (Databricks) is not the job's to stop
        }
    }

    /** The input's columns, then the result struct's fields as top-level columns (flat tables are easier to query). */
    private static Dataset<Row> withResultFields(Dataset<Row> prompts, String promptColumn, Map<String, String> options) {
        List<String> columns = new ArrayList<>();
        for (String c : prompts.columns()) columns.add("`" + c.replace("`", "``") + "`");
        columns.add("result.*");
        return prompts.withColumn("result", SparkLlm.generate(col(promptColumn), options))
            .selectExpr(columns.toArray(new String[0]));
    }

    /**
     * The session the platform already runs (Databricks starts it before a jar task, with the cluster's
     * {@code spark.plugins}), else a new one from the submitter's settings plus what the job cannot run without.
     * The model is a per-query SQL setting, so it can be set on either.
     */
    private static SparkSession session(String model) {
        scala.Option<SparkSession> running = SparkSession.getDefaultSession();
        SparkSession spark = running.isDefined() ? running.get() : newSession();
        if (model != null) {
            // executors resolve a relative path against their own working directory, not the submitter's
            spark.conf().set(SparkLlmConf.MODEL, model.contains("://") ? model : Paths.get(model).toAbsolutePath().toString());
        } else if (!spark.conf().contains(SparkLlmConf.MODEL)) {
            throw new JobArgs.UsageException("no model: pass --model PATH or --conf " + SparkLlmConf.MODEL + "=PATH");
        }
        return spark;
    }

    private static SparkSession newSession() {
        SparkConf conf = new SparkConf();   // spark-submit's --master and --conf settings arrive as system properties
        SparkSession.Builder builder = SparkSession.builder().appName("sparkllm prompt table");
        if (!conf.contains("spark.master")) builder.master("local[*]");
        if (!conf.contains("spark.plugins")) builder.config("spark.plugins", SparkLlmPlugin.class.getName());
        return builder.getOrCreate();
    }
}

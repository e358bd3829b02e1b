package dev.sparkllm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import org.junit.jupiter.api.Assertions;

import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.tokenizer.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** generate() in SQL: results equal the engine's, row semantics, order, chat, and the function's availability. */
class GenerateSqlTest extends SparkLlmSessionTest {

    private List<Row> prompts(int n, int partitions) {
        List<String> values = new ArrayList<>();
        for (int i = 0; i < n; i++) values.add("('prompt number " + i + " about Spark', " + i + ")");
        spark().sql("SELECT * FROM VALUES " + String.join(", ", values) + " AS t(p, id)")
            .repartition(partitions).createOrReplaceTempView("prompts");
        return spark().table("prompts").collectAsList();
    }

    @Test
    void pluginAloneMakesGenerateAvailable() {
        // conf() sets spark.plugins and spark.sparkllm.* only; the driver plugin added the extension.
        Assertions.assertTrue(spark().sparkContext().getConf().get("spark.sql.extensions").contains(SparkLlmConf.EXTENSIONS_CLASS));
        Row r = spark().sql("SELECT generate('Hello', map('max_tokens', '3', 'temperature', '0')) AS r").first();
        assertEquals(3, r.getStruct(0).<Integer>getAs("completion_tokens"));
    }

    @Test
    void resultsEqualTheEnginesRowForRow() {
        List<Row> input = prompts(12, 3);
        Dataset<Row> out = spark().sql("SELECT id, p, generate(p, map('max_tokens', '8', 'temperature', '0')) AS r "
            + "FROM prompts");
        List<Row> rows = out.collectAsList();
        assertEquals(input.size(), rows.size());
        List<GenerationRequest> requests = new ArrayList<>();
        for (Row row : rows) requests.add(new GenerationRequest(Prompt.text(row.getString(1)), SamplingParams.greedy(8)));
        List<GenerationResult> expected = oracle(requests);
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i).getStruct(2);
            GenerationResult e = expected.get(i);
            assertEquals(e.text(), r.getAs("text"), "row " + i);
            assertEquals(e.finishReason().wire, r.getAs("finish_reason"));
            assertEquals(e.promptTokenIds().length, r.<Integer>getAs("prompt_tokens"));
            assertEquals(e.completionTokens(), r.<Integer>getAs("completion_tokens"));
            assertNull(r.getAs("error"));
        }
    }

    @Test
    void badRowsGiveErrorResultsAndTheQueryContinues() {
        String longPrompt = "word ".repeat(400);   // the test model's context is 256 tokens
        List<Row> rows = spark().sql("SELECT id, generate(p, o) AS r FROM VALUES "
            + "(0, 'fine', map('max_tokens', '2')), "
            + "(1, CAST(NULL AS STRING), map('max_tokens', '2')), "
            + "(2, '" + longPrompt + "', map('max_tokens', '2')), "
            + "(3, 'fine', map('max_tokens', 'many')), "
            + "(4, 'fine', map('no_such_option', '1')), "
            + "(5, 'fine', map('on_error', 'sometimes')), "
            + "(6, 'fine', CAST(NULL AS MAP<STRING,STRING>)) AS t(id, p, o) ORDER BY id").collectAsList();
        assertEquals(7, rows.size());
        assertEquals(2, rows.get(0).getStruct(1).<Integer>getAs("completion_tokens"));
        Assertions.assertTrue(rows.get(1).isNullAt(1), "a null prompt gives a null result");
        assertError(rows.get(2), "context");
        assertError(rows.get(3), "max_tokens must be an integer");
        assertError(rows.get(4), "unknown sampling option \"no_such_option\"");
        assertError(rows.get(5), "on_error must be null or fail");
        assertNull(rows.get(6).getStruct(1).getAs("error"), "a null options map means defaults");
    }

    private static void assertError(Row row, String expected) {
        Row r = row.getStruct(1);
        String error = r.getAs("error");
        Assertions.assertTrue(error != null && error.contains(expected), "row " + row.get(0) + ": " + error);
        assertEquals("error", r.getAs("finish_reason"));
        assertNull(r.getAs("text"));
        assertEquals(0, r.<Integer>getAs("completion_tokens"));
    }

    @Test
    void onErrorFailStopsTheTaskNamingTheRowsProblem() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> spark().sql(
            "SELECT generate(p, map('max_tokens', 'lots', 'on_error', 'fail')) FROM VALUES ('a') AS t(p)").collect());
        String message = fullMessage(e);
        Assertions.assertTrue(message.contains("on_error=fail") && message.contains("max_tokens must be an integer"), message);
    }

    @Test
    void outputKeepsInputOrderWhenLaterRowsFinishFirst() {
        // One partition, long and one-token requests alternating: short ones finish first inside the engine.
        List<Row> rows = spark().sql("SELECT id, generate(CONCAT('order test ', id), "
            + "map('max_tokens', CAST(IF(id % 2 = 0, 24, 1) AS STRING), 'ignore_eos', 'true')) AS r "
            + "FROM range(0, 16, 1, 1)").collectAsList();
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(i, rows.get(i).getLong(0));
            assertEquals(i % 2 == 0 ? 24 : 1, rows.get(i).getStruct(1).<Integer>getAs("completion_tokens"), "row " + i);
        }
    }

    @Test
    void oneTaskBatchesSeveralRowsInTheEngine() {
        Dataset<Row> df = spark().sql("SELECT generate(CONCAT('batch ', id), map('max_tokens', '16', 'ignore_eos', "
            + "'true')) AS r FROM range(0, 8, 1, 1)");
        assertEquals(8, df.collectAsList().size());
        var metrics = generateExec(df).metrics();
        assertEquals(8, metrics.apply(GenerateMetrics.ROWS).value());
        assertEquals(8 * 16, metrics.apply(GenerateMetrics.GENERATED_TOKENS).value());
        Assertions.assertTrue(metrics.apply(GenerateMetrics.PROMPT_TOKENS).value() >= 8);
        Assertions.assertTrue(metrics.apply(GenerateMetrics.ENGINE_STEPS).value() >= 16);
        // an average metric holds 10 x the mean: a mean running batch above 1 means rows of one task shared steps
        Assertions.assertTrue(metrics.apply(GenerateMetrics.MEAN_BATCH).value() > 10,
            "mean running batch x10 = " + metrics.apply(GenerateMetrics.MEAN_BATCH).value());
    }

    @Test
    void rowsInFlightBoundsWhatOneTaskSubmits() {
        spark().conf().set(SparkLlmConf.ROWS_IN_FLIGHT, "1");
        try {
            Dataset<Row> df = spark().sql("SELECT generate(CONCAT('one at a time ', id), map('max_tokens', '4', "
                + "'ignore_eos', 'true')) AS r FROM range(0, 4, 1, 1)");
            assertEquals(4, df.collectAsList().size());
            assertEquals(1, generateExec(df).settings().rowsInFlight());
            assertEquals(10, generateExec(df).metrics().apply(GenerateMetrics.MEAN_BATCH).value(),
                "one row in flight: every engine step ran a batch of exactly 1 (the metric holds 10 x the mean)");
        } finally {
            spark().conf().unset(SparkLlmConf.ROWS_IN_FLIGHT);
        }
    }

    @Test
    void chatMessagesUseTheModelsTemplate() {
        Row r = spark().sql("SELECT generate(array(named_struct('role', 'system', 'content', 'Be brief.'), "
            + "named_struct('role', 'user', 'content', 'Hi')), map('max_tokens', '5', 'temperature', '0')) AS r")
            .first().getStruct(0);
        GenerationResult e = oracle(List.of(new GenerationRequest(
            Prompt.chat(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi"))),
            SamplingParams.greedy(5)))).get(0);
        assertNull(r.getAs("error"));
        assertEquals(e.text(), r.getAs("text"));
        assertEquals(e.promptTokenIds().length, r.<Integer>getAs("prompt_tokens"));
    }

    @Test
    void rowsWithoutASeedSampleTheSameOnEveryRun() {
        String q = "SELECT generate(CONCAT('seed ', id % 3), map('max_tokens', '12', 'temperature', '1.0')).text "
            + "FROM range(0, 6, 1, 2)";
        List<Row> first = spark().sql(q).collectAsList();
        assertEquals(first, spark().sql(q).collectAsList());
        assertEquals(first.get(0), first.get(3), "the same prompt gives the same text");
    }

    @Test
    void aMissingModelIsAClearErrorNamingThePath() {
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> spark().sql(
            "SELECT generate('x', map('model', '/no/such/model-dir'))").collect());
        Assertions.assertTrue(fullMessage(e).contains("/no/such/model-dir"), fullMessage(e));
    }

    @Test
    void aBrokenModelFileIsAClearErrorNamingThePath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws java.io.IOException {
        java.nio.file.Path bad = dir.resolve("broken.gguf");
        java.nio.file.Files.write(bad, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        Exception e = Assertions.assertThrows(Exception.class, () -> spark().sql(
            "SELECT generate('x', map('model', '" + bad + "'))").collect());
        String message = fullMessage(e);
        Assertions.assertTrue(message.contains("sparkllm cannot open the model " + bad), message);
    }

    @Test
    void executorGaugesReportTheEngine() {
        spark().sql("SELECT generate('gauges', map('max_tokens', '4'))").collect();
        var sources = org.apache.spark.SparkEnv.get().metricsSystem().getSourcesByName("plugin." + SparkLlmPlugin.class.getName());
        assertEquals(1, sources.size());
        var gauges = sources.head().metricRegistry().getGauges();
        for (String g : List.of("kvBlocksUsedFraction", "kvUtilization", "runningRequests", "waitingRequests",
                "outputTokensPerSecond", "preemptions")) {
            Assertions.assertTrue(gauges.containsKey(g), g + " in " + gauges.keySet());
        }
        Assertions.assertTrue(((Number) gauges.get("outputTokensPerSecond").getValue()).doubleValue() > 0);
    }

    static String fullMessage(Throwable e) {
        StringBuilder sb = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) sb.append(t.getMessage()).append('\n');
        return sb.toString();
    }
}

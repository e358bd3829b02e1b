package dev.sparkllm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.spark.source.ArrowPromptFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.apache.spark.sql.execution.ui.SQLAppStatusStore;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** format("sparkllm"): prompt files (JSON lines, text, Arrow IPC) in, generations out, one split per file, Arrow batches, metrics. */
class PromptSourceTest extends SparkLlmSessionTest {
    @TempDir
    Path dir;

    private void writePrompts() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), String.join("\n",
            "{\"id\": 1, \"prompt\": \"hello\", \"max_tokens\": 3}",
            "{\"id\": \"chat\", \"messages\": [{\"role\": \"user\", \"content\": \"Hi\"}], \"max_tokens\": \"2\"}",
            "",
            "{oops",
            "{\"id\": 4}",
            "{\"id\": 5, \"prompt\": \"x\", \"max_tokens\": \"none\"}") + "\n");
        Files.writeString(dir.resolve("b.txt"), "first prompt\n\nsecond prompt\n");
        Files.writeString(dir.resolve("_SUCCESS"), "");
    }

    @Test
    void readsJsonLinesAndTextFilesOneSplitEach() throws IOException {
        writePrompts();
        Dataset<Row> df = spark().read().format("sparkllm").option("max_tokens", "4").option("temperature", "0")
            .load(dir.toString());
        List<Row> rows = df.collectAsList();
        assertEquals(2, df.rdd().getNumPartitions(), "one split per prompt file");
        assertEquals(7, rows.size(), "one row per non-blank line");
        assertEquals(List.of("id", "prompt", "messages", "text", "finish_reason", "prompt_tokens", "completion_tokens",
            "cached_tokens", "error"), List.of(df.columns()));

        Row hello = rows.get(0);
        GenerationResult expected = oracle(List.of(new GenerationRequest(Prompt.text("hello"), SamplingParams.greedy(3)))).get(0);
        assertEquals("1", hello.getAs("id"));
        assertEquals(expected.text(), hello.getAs("text"));
        assertEquals(3, hello.<Integer>getAs("completion_tokens"), "a line's own option overrides the source's");

        Row chat = rows.get(1);
        assertEquals("chat", chat.getAs("id"));
        assertEquals("[{\"role\":\"user\",\"content\":\"Hi\"}]", chat.getAs("messages"));
        assertNull(chat.getAs("prompt"));
        assertEquals(2, chat.<Integer>getAs("completion_tokens"));

        assertLineError(rows.get(2), null, "line 4 of", "is not valid JSON");
        assertLineError(rows.get(3), "4", "line 5 of", "exactly one of \"prompt\" and \"messages\"");
        assertLineError(rows.get(4), "5", "max_tokens must be an integer");

        assertEquals("1", rows.get(5).getAs("id"));
        assertEquals("first prompt", rows.get(5).getAs("prompt"));
        assertEquals("3", rows.get(6).getAs("id"), "text ids are line numbers");
        assertEquals(4, rows.get(6).<Integer>getAs("completion_tokens"));
    }

    private static void assertLineError(Row row, String id, String... expected) {
        assertEquals(id, row.getAs("id"));
        String error = row.getAs("error");
        for (String e : expected) Assertions.assertTrue(error != null && error.contains(e), error);
        assertEquals("error", row.getAs("finish_reason"));
    }

    @Test
    void aTemporaryViewReadsArrowBatches() throws IOException {
        Files.writeString(dir.resolve("p.txt"), "one\ntwo\nthree\n");
        spark().sql("CREATE OR REPLACE TEMPORARY VIEW gen USING sparkllm OPTIONS (path '" + dir + "', max_tokens '2', "
            + "model '" + MODEL + "')");
        Dataset<Row> df = spark().sql("SELECT id, completion_tokens FROM gen WHERE error IS NULL");
        assertEquals(3, df.collectAsList().size());
        df.collectAsList().forEach(r -> assertEquals(2, r.getInt(1)));
        Assertions.assertTrue(nodes(df.queryExecution().executedPlan()).stream()
            .anyMatch(p -> p instanceof BatchScanExec && p.supportsColumnar()), df.queryExecution().executedPlan().toString());
    }

    @Test
    void arrowFileAndStreamGiveTheResultsOfTheSameJsonLines() throws IOException {
        Files.writeString(dir.resolve("a.jsonl"), ArrowPromptFiles.SAMPLE_JSON_LINES);
        ArrowPromptFiles.writePromptTable(dir.resolve("b.arrow"), true, ArrowPromptFiles.SAMPLE, 4);
        ArrowPromptFiles.writePromptTable(dir.resolve("c.bin"), false, ArrowPromptFiles.SAMPLE, 4);   // known by content
        List<Row> rows = spark().read().format("sparkllm").option("temperature", "0").load(dir.toString()).collectAsList();
        int n = ArrowPromptFiles.SAMPLE.size();
        assertEquals(3 * n, rows.size(), "one row per prompt, files in name order");
        for (int file = 1; file < 3; file++) {
            String name = file == 1 ? "b.arrow" : "c.bin";
            for (int i = 0; i < n; i++) {
                Row json = rows.get(i);
                Row arrow = rows.get(file * n + i);
                for (String column : List.of("id", "prompt", "messages", "text", "finish_reason", "prompt_tokens", "completion_tokens")) {
                    assertEquals((Object) json.getAs(column), arrow.getAs(column), name + " row " + i + " " + column);
                }
                if (json.getAs("error") != null) assertLineError(arrow, arrow.getAs("id"), "row " + (i + 1) + " of", name);
                else assertNull(arrow.getAs("error"), name + " row " + i);
            }
        }
        assertEquals(2, rows.get(n + 1).<Integer>getAs("completion_tokens"), "an option column applies to its row");
    }

    @Test
    void anArrowFileWithoutPromptColumnsFailsTheQuery() throws IOException {
        ArrowPromptFiles.writeStringColumn(dir.resolve("questions.arrow"), true, "question", "Why?");
        Exception e = Assertions.assertThrows(Exception.class,
            () -> spark().read().format("sparkllm").load(dir.toString()).collect());
        String message = GenerateSqlTest.fullMessage(e);
        Assertions.assertTrue(message.contains("questions.arrow has neither a \"prompt\" nor a \"messages\" column")
            && message.contains("question: Utf8"), message);
    }

    @Test
    void theScanShowsGenerationMetrics() throws Exception {
        writePrompts();
        Dataset<Row> df = spark().read().format("sparkllm").option("max_tokens", "4").load(dir.toString());
        List<Row> rows = df.collectAsList();
        BatchScanExec scan = nodes(df.queryExecution().executedPlan()).stream().filter(p -> p instanceof BatchScanExec)
            .map(p -> (BatchScanExec) p).findFirst().orElseThrow();
        Map<String, Long> expected = Map.of(
            GenerateMetrics.PROMPT_TOKENS, sum(rows, "prompt_tokens"),
            GenerateMetrics.GENERATED_TOKENS, sum(rows, "completion_tokens"),
            GenerateMetrics.CACHED_TOKENS, sum(rows, "cached_tokens"),
            GenerateMetrics.ERRORS, rows.stream().filter(r -> r.getAs("error") != null).count());
        assertEquals(3L, expected.get(GenerateMetrics.ERRORS));
        Assertions.assertTrue(expected.get(GenerateMetrics.GENERATED_TOKENS) > 0);
        expected.forEach((name, value) -> assertEquals(value, scan.metrics().apply(name).value(), name));
        assertEquals(rows.size(), scan.metrics().apply("numOutputRows").value());
        Assertions.assertTrue(scan.metrics().apply(GenerateMetrics.ENGINE_STEPS).value() >= 4, "engine steps");

        // What the UI shows: the SQL listener's aggregation of the tasks' values, through the metric classes.
        spark().sparkContext().listenerBus().waitUntilEmpty();
        SQLAppStatusStore store = spark().sharedState().statusStore();
        long promptTokensId = scan.metrics().apply(GenerateMetrics.PROMPT_TOKENS).id();
        long executionId = CollectionConverters.asJava(store.executionsList()).stream()
            .filter(x -> CollectionConverters.asJava(x.metrics()).stream().anyMatch(m -> m.accumulatorId() == promptTokensId))
            .findFirst().orElseThrow().executionId();
        scala.collection.immutable.Map<Object, String> shown = store.executionMetrics(executionId);
        expected.forEach((name, value) -> assertEquals(String.valueOf(value), shown.apply(scan.metrics().apply(name).id()), name));
        double meanBatch = Double.parseDouble(shown.apply(scan.metrics().apply(GenerateMetrics.MEAN_BATCH).id()));
        Assertions.assertTrue(meanBatch >= 1, "mean running batch " + meanBatch);
    }

    private static long sum(List<Row> rows, String column) {
        return rows.stream().mapToLong(r -> r.<Integer>getAs(column)).sum();
    }

    @Test
    void aMissingPathIsNamed() {
        Exception e = Assertions.assertThrows(Exception.class,
            () -> spark().read().format("sparkllm").load(dir.resolve("absent").toString()).collect());
        Assertions.assertTrue(GenerateSqlTest.fullMessage(e).contains("absent"), GenerateSqlTest.fullMessage(e));
    }
}

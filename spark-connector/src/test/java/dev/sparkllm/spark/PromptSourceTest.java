package dev.sparkllm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.sample.SamplingParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.datasources.v2.BatchScanExec;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** format("sparkllm"): prompt files in, generations out, one split per file, Arrow batches. */
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
    void aMissingPathIsNamed() {
        Exception e = Assertions.assertThrows(Exception.class,
            () -> spark().read().format("sparkllm").load(dir.resolve("absent").toString()).collect());
        Assertions.assertTrue(GenerateSqlTest.fullMessage(e).contains("absent"), GenerateSqlTest.fullMessage(e));
    }
}

package dev.sparkllm.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.expr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import org.junit.jupiter.api.Assertions;

import dev.sparkllm.spark.catalyst.GenerateExec;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.FilterExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.LocalLimitExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.junit.jupiter.api.Test;

/** How generate() is planned: the executed plan's shape, several calls, analysis errors, and the DataFrame API. */
class GeneratePlanTest extends SparkLlmSessionTest {
    private static final String OPTS = "map('max_tokens', '3', 'temperature', '0')";

    @Test
    void filtersOnTheInputRunBelowGenerateAndCodegenIsSplitAroundIt() {
        Dataset<Row> df = spark().sql("SELECT id, r.text FROM (SELECT id, generate(CONCAT('plan ', id), " + OPTS
            + ") AS r FROM range(0, 10, 1, 2)) WHERE id >= 6 AND r.finish_reason = 'length'");
        assertEquals(4, df.collectAsList().size());
        GenerateExec gen = generateExec(df);
        // below: a generated-code stage holding the filter on id
        Assertions.assertTrue(gen.child() instanceof WholeStageCodegenExec, gen.child().toString());
        Assertions.assertTrue(nodes(gen.child()).stream().anyMatch(p -> p instanceof FilterExec
            && ((FilterExec) p).condition().sql().contains("id")), gen.child().toString());
        // above: a separate stage whose filter reads the result; GenerateExec itself is not compiled into a stage
        SparkPlan root = df.queryExecution().executedPlan();
        for (SparkPlan p : nodes(root)) {
            if (p instanceof WholeStageCodegenExec w) {
                Assertions.assertTrue(insideStage(w.child()).stream().noneMatch(n -> n instanceof GenerateExec), root.toString());
            }
        }
        Assertions.assertTrue(nodes(root).stream().anyMatch(p -> p instanceof FilterExec
            && ((FilterExec) p).condition().sql().contains("finish_reason")), root.toString());
    }

    /** Nodes compiled into one codegen stage: stops at InputAdapter, where the stage reads a non-codegen child. */
    private static List<SparkPlan> insideStage(SparkPlan p) {
        if (p instanceof InputAdapter) return List.of();
        List<SparkPlan> out = new java.util.ArrayList<>(List.of(p));
        scala.collection.Iterator<SparkPlan> it = p.children().iterator();
        while (it.hasNext()) out.addAll(insideStage(it.next()));
        return out;
    }

    @Test
    void severalCallsInOneProjectionRunOncePerRowEach() {
        Dataset<Row> df = spark().sql("SELECT generate(p, map('max_tokens', '2')) AS a, "
            + "generate(p, map('max_tokens', '3')) AS b, generate(p, map('max_tokens', '2')).text AS c "
            + "FROM VALUES ('one'), ('two') AS t(p)");
        List<Row> rows = df.collectAsList();
        assertEquals(2, generateExec(df).calls().size(), "the repeated call is evaluated once");
        for (Row r : rows) {
            assertEquals(2, r.getStruct(0).<Integer>getAs("completion_tokens"));
            assertEquals(3, r.getStruct(1).<Integer>getAs("completion_tokens"));
            assertEquals(r.getStruct(0).<String>getAs("text"), r.getString(2));
        }
    }

    @Test
    void resultsNobodyReadsAreNotGenerated() {
        // Spark prunes unread columns before ExtractGenerateCalls runs, so unread calls never reach a GenerateNode.
        String inner = "(SELECT id, generate(CONCAT('unread ', id), " + OPTS + ") AS a, "
            + "generate(CONCAT('read ', id), " + OPTS + ") AS b FROM range(0, 6, 1, 2))";
        Dataset<Row> count = spark().sql("SELECT count(*) FROM " + inner);
        assertEquals(6L, count.first().getLong(0));
        Assertions.assertTrue(nodes(count.queryExecution().executedPlan()).stream().noneMatch(p -> p instanceof GenerateExec),
            count.queryExecution().executedPlan().toString());
        Dataset<Row> one = spark().sql("SELECT id, b.text FROM " + inner);
        assertEquals(6, one.collectAsList().size());
        assertEquals(1, generateExec(one).calls().size(), "only the call whose result is read runs");
    }

    @Test
    void aLimitRunsBelowGenerateAndLeavesNothingRunning() {
        Dataset<Row> df = spark().sql("SELECT generate(CONCAT('limit ', id), map('max_tokens', '64', 'ignore_eos', "
            + "'true')) FROM range(0, 200, 1, 1) LIMIT 3");
        assertEquals(3, df.collectAsList().size());
        GenerateExec gen = generateExec(df);
        Assertions.assertTrue(nodes(gen.child()).stream().anyMatch(p -> p instanceof LocalLimitExec), gen.toString());
        assertEquals(3, gen.metrics().apply(GenerateMetrics.ROWS).value(), "only the rows the LIMIT keeps were generated");
        // requests still in flight when the task stopped reading were cancelled: the engine is idle again
        long deadline = System.currentTimeMillis() + 5_000;
        while (EngineRegistry.stats().get(MODEL).running() + EngineRegistry.stats().get(MODEL).waiting() > 0) {
            Assertions.assertTrue(System.currentTimeMillis() < deadline, "engine still busy: " + EngineRegistry.stats().get(MODEL).summary());
            Thread.onSpinWait();
        }
    }

    @Test
    void generateOutsideAProjectionIsRejectedAtAnalysis() {
        AnalysisException where = assertThrows(AnalysisException.class, () -> spark().sql(
            "SELECT p FROM VALUES ('a') AS t(p) WHERE generate(p).text = 'x'"));
        Assertions.assertTrue(where.getMessage().contains("only be used in a SELECT list"), where.getMessage());
        AnalysisException nested = assertThrows(AnalysisException.class, () -> spark().sql(
            "SELECT generate(generate(p).text) FROM VALUES ('a') AS t(p)"));
        Assertions.assertTrue(nested.getMessage().contains("another generate()"), nested.getMessage());
        AnalysisException type = assertThrows(AnalysisException.class, () -> spark().sql("SELECT generate(42)"));
        Assertions.assertTrue(type.getMessage().contains("string prompt or chat messages"), type.getMessage());
        AnalysisException arity = assertThrows(AnalysisException.class, () -> spark().sql("SELECT generate('a', map(), 3)"));
        Assertions.assertTrue(arity.getMessage().contains("3 arguments"), arity.getMessage());
    }

    @Test
    void theDataFrameApiPlansTheSameFunction() {
        Dataset<Row> input = spark().sql("SELECT * FROM VALUES ('alpha'), ('beta') AS t(p)");
        Dataset<Row> viaApi = input.select(col("p"),
            SparkLlm.generate(col("p"), Map.of("max_tokens", "3", "temperature", "0")).as("r"));
        Dataset<Row> viaSql = input.select(col("p"), expr("generate(p, " + OPTS + ")").as("r"));
        assertDataFrameEquals(viaSql, viaApi);
        Dataset<Row> perRowOptions = input.select(col("p"),
            SparkLlm.generate(col("p"), expr(OPTS)).as("r"));
        assertDataFrameEquals(viaSql, perRowOptions);
        assertEquals(3, viaApi.first().getStruct(1).<Integer>getAs("completion_tokens"));
    }
}

package dev.sparkllm.spark;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.LlmEngine;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.execution.SparkPlan;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;

/**
 * One local Spark session per test class (spark-testing-base), configured with nothing but the plugin and the
 * sparkllm settings, as a user would. spark-testing-base's JUnit 4 hooks are called from Jupiter's.
 */
abstract class SparkLlmSessionTest extends JavaDataFrameSuiteBase {
    static final String MODEL = modelPath().toString();

    static Path modelPath() {
        try {
            return Paths.get(SparkLlmSessionTest.class.getResource("/models/demo-qwen2").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public SparkConf conf() {
        return new SparkConf()
            .setMaster("local[2]")
            .setAppName(getClass().getSimpleName())
            .set("spark.ui.enabled", "false")
            .set("spark.sql.shuffle.partitions", "2")
            .set("spark.plugins", SparkLlmPlugin.class.getName())
            .set(SparkLlmConf.MODEL, MODEL)
            .set(SparkLlmConf.KV_CACHE_MEMORY, "16m")
            .set(SparkLlmConf.THREADS, "1");
    }

    @Override
    public boolean enableHiveSupport() {
        return false;
    }

    @BeforeEach
    void startSpark() {
        runBefore();
    }

    @AfterAll
    static void stopSpark() {
        runAfterClass();
    }

    /** The engine's own results for {@code requests}, from an engine of its own (not the registry's). */
    static List<GenerationResult> oracle(List<GenerationRequest> requests) {
        try (LlmEngine engine = LlmEngine.open(modelPath(), EngineConfig.DEFAULTS.withKvCacheMemory(16 << 20).withThreads(1))) {
            return engine.generate(requests);
        }
    }

    /** All nodes of an executed plan, depth first. */
    static List<SparkPlan> nodes(SparkPlan plan) {
        List<SparkPlan> out = new ArrayList<>();
        out.add(plan);
        scala.collection.Iterator<SparkPlan> it = plan.children().iterator();
        while (it.hasNext()) out.addAll(nodes(it.next()));
        return out;
    }

    static dev.sparkllm.spark.catalyst.GenerateExec generateExec(Dataset<Row> df) {
        return nodes(df.queryExecution().executedPlan()).stream()
            .filter(p -> p instanceof dev.sparkllm.spark.catalyst.GenerateExec)
            .map(p -> (dev.sparkllm.spark.catalyst.GenerateExec) p).findFirst()
            .orElseThrow(() -> new AssertionError("no GenerateExec in\n" + df.queryExecution().executedPlan()));
    }
}

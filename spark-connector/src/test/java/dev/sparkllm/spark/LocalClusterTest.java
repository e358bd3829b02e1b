package dev.sparkllm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/**
 * Two real executor JVMs (local-cluster): each loads the model once, however many of its tasks call generate().
 * Needs SPARK_HOME (with an empty jars/) and SPARK_SCALA_VERSION, which the module's surefire setup provides.
 */
class LocalClusterTest extends SparkLlmSessionTest {

    @Override
    public SparkConf conf() {
        String sparkHome = System.getenv("SPARK_HOME");
        try {
            Files.createDirectories(Paths.get(sparkHome, "jars"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return super.conf()
            .setMaster("local-cluster[2,1,1024]")
            .set("spark.executor.extraClassPath", System.getProperty("java.class.path"));
    }

    @Test
    void eachExecutorJvmLoadsTheModelOnce() throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (sc().getExecutorMemoryStatus().size() < 3 && System.currentTimeMillis() < deadline) Thread.sleep(100);
        assertEquals(3, sc().getExecutorMemoryStatus().size(), "driver + 2 executors registered");

        List<Row> rows = spark().sql("SELECT generate(CONCAT('cluster ', id), map('max_tokens', '8', 'ignore_eos', "
            + "'true')).completion_tokens FROM range(0, 32, 1, 8)").collectAsList();
        assertEquals(32, rows.size());
        rows.forEach(r -> assertEquals(8, r.getInt(0)));

        Map<String, Integer> opened = new TreeMap<>();
        spark().range(0, 16, 1, 16).mapPartitions((MapPartitionsFunction<Long, String>) it ->
                List.of(SparkEnv.get().executorId() + "=" + EngineRegistry.openedCount()).iterator(), Encoders.STRING())
            .collectAsList().forEach(s -> opened.put(s.split("=")[0], Integer.parseInt(s.split("=")[1])));
        assertEquals(Map.of("0", 1, "1", 1), opened, "engines opened per executor JVM");
    }
}

package dev.sparkllm.spark.docs;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the docs and notebook tests share: one local session per test class, configured as the docs tell users (the
 * plugin and a model, nothing else sparkllm needs), the prompt tables their snippets query, and the repository's files.
 */
abstract class DocsSession {
    static SparkSession spark;

    @BeforeAll
    static void startSpark() {
        spark = start();
    }

    @AfterAll
    static void stopSpark() {
        spark.stop();
    }

    /** The connector's test copy of the demo model (context 256 tokens; see its README). */
    static String model() {
        try {
            return Paths.get(DocsSession.class.getResource("/models/demo-qwen2").toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static SparkSession start() {
        SparkSession spark = SparkSession.builder()
            .master("local[2]")
            .appName("sparkllm-docs")
            .config("spark.ui.enabled", "false")
            .config("spark.plugins", "dev.sparkllm.spark.SparkLlmPlugin")
            .config("spark.sparkllm.model", model())
            .config("spark.sparkllm.kvCacheMemory", "16m")
            .config("spark.sparkllm.threads", "1")
            .getOrCreate();
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW prompts AS SELECT * FROM VALUES "
            + "(1, 'What is Spark?'), (2, 'Name a prime number.') AS t(id, prompt)");
        spark.sql("CREATE OR REPLACE TEMPORARY VIEW questions AS SELECT * FROM VALUES "
            + "(1, 'Why is the sky blue?') AS t(id, question)");
        return spark;
    }

    /** The repository root: the first folder above the working directory that holds {@code docs/} and {@code notebooks/}. */
    static Path repoRoot() {
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve("docs")) && Files.isDirectory(p.resolve("notebooks"))) return p;
        }
        throw new IllegalStateException("no repository root above " + Paths.get("").toAbsolutePath());
    }
}

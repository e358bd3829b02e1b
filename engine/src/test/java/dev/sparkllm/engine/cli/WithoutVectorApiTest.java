package dev.sparkllm.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkllm.engine.testing.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A JVM started without {@code --add-modules jdk.incubator.vector} still generates the right tokens (on the scalar
 * backend) and tells the user, at start-up, how to enable the fast path.
 */
class WithoutVectorApiTest {
    @TempDir Path dir;

    @Test
    void fallsBackToScalarAndSaysHowToEnableTheVectorApi() throws IOException, InterruptedException {
        JsonNode rec = Fixtures.expected("fx-llama-spm").get(0);
        Path out = dir.resolve("out.jsonl");
        Path err = dir.resolve("err.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), SparkLlmCli.class.getName(),
            "generate", "--model", Fixtures.model("fx-llama-spm/hf-f32").toString(), "--prompt", rec.get("text").asText(),
            "--max-tokens", "8", "--temperature", "0", "--ignore-eos", "--output", out.toString())
            .redirectError(err.toFile()).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the child JVM finished");
        String stderr = Files.readString(err);
        assertEquals(0, p.exitValue(), stderr);
        assertTrue(stderr.contains("--add-modules=jdk.incubator.vector"), stderr);
        assertTrue(stderr.contains("backend scalar"), stderr);
        JsonNode got = new ObjectMapper().readTree(Files.readAllLines(out).get(0));
        for (int i = 0; i < 8; i++) assertEquals(rec.get("greedy_ids").get(i), got.get("token_ids").get(i), "token " + i);
    }
}

package dev.sparkllm.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.LlmEngine;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.sample.SamplingParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RandomModelWriterTest {
    /** The checkout root: Maven runs the tests in the module directory. */
    private static final Path DEMO = Path.of("..", "models", "demo-qwen2");

    @Test
    void writesAModelTheEngineLoadsAndRuns(@TempDir Path dir) {
        Path model = RandomModelWriter.writeOnce(DEMO, new RandomModelWriter.Shape(128, 2, 2, 1, 256), dir);
        try (LlmEngine engine = LlmEngine.open(model, EngineConfig.DEFAULTS.withKvCacheMemory(4 << 20).withThreads(1))) {
            assertEquals(128, engine.model().config().hiddenSize());
            List<GenerationResult> results = engine.generate(List.of(new GenerationRequest(Prompt.text("Hello, Spark"),
                SamplingParams.builder().maxTokens(6).temperature(0).ignoreEos(true).build())));
            assertFalse(results.get(0).isError(), results.get(0).error());
            assertEquals(6, results.get(0).completionTokens());
        }
    }

    @Test
    void reusesAModelAlreadyWritten(@TempDir Path dir) throws Exception {
        RandomModelWriter.Shape shape = new RandomModelWriter.Shape(64, 1, 2, 1, 128);
        Path first = RandomModelWriter.writeOnce(DEMO, shape, dir);
        FileTime written = Files.getLastModifiedTime(first.resolve("model.safetensors"));
        Path second = RandomModelWriter.writeOnce(DEMO, shape, dir);
        assertEquals(first, second);
        assertEquals(written, Files.getLastModifiedTime(second.resolve("model.safetensors")));
    }

    @Test
    void refusesAShapeWhoseHeadsDoNotDivideTheWidth() {
        assertThrows(IllegalArgumentException.class, () -> new RandomModelWriter.Shape(100, 1, 3, 1, 128));
    }
}

package dev.sparkllm.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.kv.KvCacheDtype;
import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.tokenizer.ChatMessage;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings parsing, the extension list, and derived seeds: no Spark needed. */
class SparkLlmConfTest {

    @Test
    void engineSettingsParseSizesAndDefaultThreadsToExecutorCores() {
        SparkLlmConf.EngineSettings s = SparkLlmConf.engineSettings(Map.of(
            SparkLlmConf.KV_CACHE_MEMORY, "64m", SparkLlmConf.MAX_NUM_SEQS, "32", SparkLlmConf.DEVICE, "auto"), 4);
        assertEquals(64L << 20, s.kvCacheMemory());
        assertEquals(32, s.maxNumSeqs());
        assertEquals(16, s.blockSize());
        assertEquals(4, s.threads());
        EngineConfig c = EngineRegistry.engineConfig(s);
        assertEquals(64L << 20, c.kvCacheMemory());
        assertEquals(4, c.threads());
        assertEquals(KvCacheDtype.F32, c.kvCacheDtype());
        s = SparkLlmConf.engineSettings(Map.of(SparkLlmConf.KV_CACHE_DTYPE, "BF16"), 4);
        assertEquals(KvCacheDtype.BF16, EngineRegistry.engineConfig(s).kvCacheDtype());
    }

    @Test
    void badSettingsNameTheKey() {
        var e = assertThrows(IllegalArgumentException.class,
            () -> SparkLlmConf.engineSettings(Map.of(SparkLlmConf.MAX_NUM_SEQS, "lots"), 0));
        assertTrue(e.getMessage().contains("spark.sparkllm.maxNumSeqs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> SparkLlmConf.engineSettings(Map.of(SparkLlmConf.KV_CACHE_MEMORY, "big"), 0));
        assertTrue(e.getMessage().contains("spark.sparkllm.kvCacheMemory"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> SparkLlmConf.engineSettings(Map.of(SparkLlmConf.KV_CACHE_DTYPE, "int8"), 0));
        assertTrue(e.getMessage().contains("spark.sparkllm.kvCacheDtype") && e.getMessage().contains("f32, f16 or bf16"),
            e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> SparkLlmConf.engineSettings(Map.of(SparkLlmConf.DEVICE, "cuda"), 0));
        assertTrue(e.getMessage().contains("CUDA backend is not available"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
            () -> SparkLlmConf.engineSettings(Map.of(SparkLlmConf.DEVICE, "tpu"), 0));
        assertTrue(e.getMessage().contains("auto, cpu or cuda"), e.getMessage());
    }

    @Test
    void rowsInFlightDefaultsToTwiceTheBatch() {
        assertEquals(512, GenerateSettings.from(k -> null).rowsInFlight());
        assertEquals(20, GenerateSettings.from(k -> k.equals(SparkLlmConf.MAX_NUM_SEQS) ? "10" : null).rowsInFlight());
        assertEquals(7, GenerateSettings.from(k -> k.equals(SparkLlmConf.ROWS_IN_FLIGHT) ? "7" : null).rowsInFlight());
    }

    @Test
    void theExtensionIsAppendedOnceAfterTheUsersOwn() {
        String ext = SparkLlmConf.EXTENSIONS_CLASS;
        assertEquals(ext, SparkLlmDriverPlugin.withExtension(""));
        assertEquals("a.B," + ext, SparkLlmDriverPlugin.withExtension("a.B"));
        assertEquals("a.B," + ext, SparkLlmDriverPlugin.withExtension("a.B, " + ext));
    }

    @Test
    void derivedSeedsDependOnThePromptAndTheBaseOnly() {
        Prompt a = Prompt.text("hello");
        assertEquals(PromptSeeds.derive(0, a), PromptSeeds.derive(0, Prompt.text("hello")));
        assertNotEquals(PromptSeeds.derive(0, a), PromptSeeds.derive(0, Prompt.text("hellp")));
        assertNotEquals(PromptSeeds.derive(0, a), PromptSeeds.derive(1, a));
        Prompt ab = Prompt.chat(List.of(new ChatMessage("ab", "c")));
        Prompt a_bc = Prompt.chat(List.of(new ChatMessage("a", "bc")));
        assertNotEquals(PromptSeeds.derive(0, ab), PromptSeeds.derive(0, a_bc));
    }
}

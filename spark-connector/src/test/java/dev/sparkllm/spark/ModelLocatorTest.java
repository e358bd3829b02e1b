package dev.sparkllm.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Local model paths are used in place; other schemes are copied to local disk once per JVM. */
class ModelLocatorTest {
    private static final Path MODEL = SparkLlmSessionTest.modelPath();

    @Test
    void localPathsAndFileUrisAreUsedInPlace() {
        assertEquals(MODEL, ModelLocator.localize(MODEL.toString()));
        assertEquals(MODEL, ModelLocator.localize(MODEL.toUri().toString()));
    }

    @Test
    void remoteModelsAreCopiedOnceWithTheirFiles() throws IOException {
        String uri = "copytest://" + MODEL;
        Path copy = ModelLocator.localize(uri);
        assertNotEquals(MODEL, copy);
        for (String f : new String[] {"config.json", "tokenizer.json", "model.safetensors"}) {
            assertArrayEquals(Files.readAllBytes(MODEL.resolve(f)), Files.readAllBytes(copy.resolve(f)), f);
        }
        assertSame(copy, ModelLocator.localize(uri), "the second request reuses the copy");
    }

    @Test
    void missingModelsNameTheLocation() {
        var local = assertThrows(IllegalArgumentException.class, () -> ModelLocator.localize("/no/such/model"));
        assertTrue(local.getMessage().contains("/no/such/model"), local.getMessage());
        var remote = assertThrows(IllegalArgumentException.class, () -> ModelLocator.localize("copytest:///no/such/model"));
        assertTrue(remote.getMessage().contains("copytest:///no/such/model"), remote.getMessage());
        var none = assertThrows(IllegalArgumentException.class, () -> ModelLocator.localize(" "));
        assertTrue(none.getMessage().contains(SparkLlmConf.MODEL), none.getMessage());
    }
}

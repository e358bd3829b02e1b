package dev.sparkllm.engine.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.testing.Fixtures;
import dev.sparkllm.engine.weights.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HfConfigReaderTest {
    @TempDir Path dir;

    @Test
    void readsTheLlamaFixture() {
        ModelConfig c = HfConfigReader.read(Fixtures.model("fx-llama-spm/hf-f32/config.json"));
        assertEquals("llama", c.architecture());
        assertEquals(96, c.hiddenSize());
        assertEquals(12, c.numHeads());
        assertEquals(4, c.numKvHeads());
        assertEquals(8, c.headDim());
        assertEquals(3, c.gqaGroup());
        assertEquals(4096, c.vocabSize());
        assertEquals(1e-5f, c.rmsNormEps());
        assertTrue(c.tieWordEmbeddings());
        assertNull(c.ropeScaling());
        assertEquals(false, c.attentionBias());
    }

    @Test
    void qwen2HasBiasesAndNoSlidingWindowWhenUnused() {
        ModelConfig c = HfConfigReader.read(Fixtures.model("fx-qwen2-bpe/hf-bf16/config.json"));
        assertEquals("qwen2", c.architecture());
        assertTrue(c.attentionBias());
        assertEquals(32768, c.maxPositionEmbeddings());
        assertEquals(1_000_000.0, c.ropeTheta());
    }

    @Test
    void llama3RopeScalingIsRead() throws IOException {
        ModelConfig c = HfConfigReader.read(write("""
            {"model_type":"llama","hidden_size":64,"num_attention_heads":4,"num_key_value_heads":2,"num_hidden_layers":1,
             "intermediate_size":128,"vocab_size":100,"max_position_embeddings":131072,"rope_theta":500000.0,
             "rope_scaling":{"factor":32.0,"high_freq_factor":4.0,"low_freq_factor":1.0,
                             "original_max_position_embeddings":8192,"rope_type":"llama3"}}"""));
        assertEquals("llama3", c.ropeScaling().type());
        assertEquals(32.0, c.ropeScaling().factor());
        assertEquals(8192, c.ropeScaling().originalMaxPositionEmbeddings());
        assertEquals(16, c.headDim());
        assertEquals(false, c.tieWordEmbeddings());
    }

    @Test
    void unknownArchitectureIsNamed() throws IOException {
        Path f = write("{\"model_type\":\"gemma2\",\"architectures\":[\"Gemma2ForCausalLM\"]}");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> HfConfigReader.read(f));
        assertTrue(e.getMessage().contains("gemma2") && e.getMessage().contains("config.json"), e.getMessage());
    }

    @Test
    void unsupportedRopeScalingIsNamed() throws IOException {
        Path f = write("""
            {"model_type":"llama","hidden_size":64,"num_attention_heads":4,"num_hidden_layers":1,
             "intermediate_size":128,"vocab_size":100,"max_position_embeddings":4096,"rope_scaling":{"rope_type":"yarn","factor":4}}""");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> HfConfigReader.read(f));
        assertTrue(e.getMessage().contains("yarn"), e.getMessage());
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        Path f = write("{\"model_type\":\"llama\",\"hidden_size\":64}");
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> HfConfigReader.read(f));
        assertTrue(e.getMessage().contains("num_attention_heads"), e.getMessage());
    }

    private Path write(String json) throws IOException {
        Path f = dir.resolve("config.json");
        Files.writeString(f, json);
        return f;
    }
}

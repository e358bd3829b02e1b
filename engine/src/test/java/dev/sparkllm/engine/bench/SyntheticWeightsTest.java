package dev.sparkllm.engine.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.model.LayerWeights;
import dev.sparkllm.engine.model.LlamaWeights;
import dev.sparkllm.engine.model.ModelConfig;
import dev.sparkllm.engine.weights.GgmlType;
import org.junit.jupiter.api.Test;

class SyntheticWeightsTest {

    @Test
    void everyDtypeBuildsItsTypeAndKQuantsFallBackToQ8_0WhereRowsAreNotWholeSuperBlocks() {
        // Hidden size 64 is not a multiple of the K-quants' 256; the down projection's 256 columns are.
        ModelConfig cfg = new ModelConfig("llama", 64, 1, 4, 2, 16, 256, 512, 4096, 10000.0, null, 1e-6f, true, false);
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.BF16, GgmlType.F16, GgmlType.Q8_0, GgmlType.Q4_0,
                GgmlType.Q4_K, GgmlType.Q6_K}) {
            LlamaWeights w = SyntheticWeights.build(cfg, type, 1);
            LayerWeights l = w.layers().get(0);
            boolean kQuant = type == GgmlType.Q4_K || type == GgmlType.Q6_K;
            assertEquals(kQuant ? GgmlType.Q8_0 : type, l.wq().type(), type + " q_proj");
            assertEquals(type, l.wDown().type(), type + " down_proj");
            long matrices = w.output().sizeInBytes();   // tied: the embedding is the same tensor
            for (var t : java.util.List.of(l.wq(), l.wk(), l.wv(), l.wo(), l.wGate(), l.wUp(), l.wDown())) matrices += t.sizeInBytes();
            long norms = 4L * (2 * cfg.hiddenSize() + cfg.hiddenSize());
            assertEquals(matrices + norms, SyntheticWeights.sizeInBytes(cfg, type), type + ": the size announced before building");
            float[] row = new float[l.wDown().cols()];
            l.wDown().dequantizeRow(0, row, 0);
            for (float v : row) assertTrue(Float.isFinite(v) && Math.abs(v) < 1, type + " value " + v);
        }
    }
}

package dev.sparkllm.engine.model;

import dev.sparkllm.engine.weights.ModelFormatException;
import java.nio.file.Path;

/** Consistency checks shared by every config reader. */
final class ModelConfigs {
    private ModelConfigs() { }

    static void validate(ModelConfig c, Path file) {
        if (c.numHeads() % c.numKvHeads() != 0) {
            throw new ModelFormatException(file, "num_attention_heads " + c.numHeads() + " is not a multiple of num_key_value_heads "
                + c.numKvHeads());
        }
        if (c.headDim() % 2 != 0) throw new ModelFormatException(file, "head_dim " + c.headDim() + " must be even for RoPE");
        if (c.rmsNormEps() <= 0 || !Float.isFinite(c.rmsNormEps())) {
            throw new ModelFormatException(file, "rms_norm_eps must be positive, got " + c.rmsNormEps());
        }
        if (!(c.ropeTheta() > 0)) throw new ModelFormatException(file, "rope_theta must be positive, got " + c.ropeTheta());
    }
}

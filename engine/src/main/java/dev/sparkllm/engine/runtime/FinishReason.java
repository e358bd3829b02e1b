package dev.sparkllm.engine.runtime;

/** Why a request stopped, as the OpenAI-style {@code finish_reason} field spells it. */
public enum FinishReason {
    /** An end-of-sequence token or a stop condition. */
    STOP("stop"),
    /** max_tokens or the model's context length. */
    LENGTH("length"),
    /** The request could not be run; {@link GenerationResult#error()} says why. */
    ERROR("error");

    public final String wire;

    FinishReason(String wire) { this.wire = wire; }
}

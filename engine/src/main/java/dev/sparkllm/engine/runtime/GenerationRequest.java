package dev.sparkllm.engine.runtime;

import dev.sparkllm.engine.sample.SamplingParams;

/** One prompt and how to sample its continuation. */
public record GenerationRequest(Prompt prompt, SamplingParams params) {

    public GenerationRequest {
        if (prompt == null) throw new IllegalArgumentException("prompt is required");
        if (params == null) throw new IllegalArgumentException("sampling params are required");
    }
}

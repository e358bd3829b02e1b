package dev.sparkllm.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkllm.engine.weights.ModelFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What the model's authors set in {@code generation_config.json}: end-of-sequence ids and default sampling values.
 * Null fields were not set.
 */
public record GenerationDefaults(List<Integer> eosTokenIds, Double temperature, Double topP, Integer topK) {

    public static final GenerationDefaults NONE = new GenerationDefaults(List.of(), null, null, null);

    /** Reads {@code generation_config.json} of an HF directory; absent file means no defaults. */
    public static GenerationDefaults read(Path file) {
        if (!Files.isRegularFile(file)) return NONE;
        JsonNode g;
        try {
            g = new ObjectMapper().readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read generation_config.json: " + e.getMessage(), e);
        }
        List<Integer> eos = new ArrayList<>();
        JsonNode e = g.path("eos_token_id");
        if (e.isArray()) e.forEach(n -> eos.add(n.asInt()));
        else if (e.canConvertToInt()) eos.add(e.asInt());
        // do_sample=false means the authors want greedy decoding unless the caller asks otherwise.
        boolean sample = g.path("do_sample").asBoolean(true);
        Double temperature = !sample ? Double.valueOf(0.0) : g.hasNonNull("temperature") ? g.get("temperature").asDouble() : null;
        return new GenerationDefaults(List.copyOf(eos), temperature,
            sample && g.hasNonNull("top_p") ? g.get("top_p").asDouble() : null,
            sample && g.hasNonNull("top_k") ? g.get("top_k").asInt() : null);
    }
}

package dev.sparkllm.engine.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkllm.engine.model.Model;
import dev.sparkllm.engine.model.ModelLoader;
import dev.sparkllm.engine.runtime.EngineConfig;
import dev.sparkllm.engine.runtime.EngineStats;
import dev.sparkllm.engine.runtime.GenerationRequest;
import dev.sparkllm.engine.runtime.GenerationResult;
import dev.sparkllm.engine.runtime.LlmEngine;
import dev.sparkllm.engine.sample.SamplingParams;
import dev.sparkllm.engine.sample.TokenLogprobs;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sparkllm generate}: completions for a prompt or a JSON-lines file of prompts. */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Generate text. Output lines (one per input line, same order): {\"id\", \"prompt_token_ids\", "
        + "\"token_ids\", \"text\", \"finish_reason\", \"error\"[, \"logprobs\"]}.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, description = "Hugging Face model directory or .gguf file")
    Path model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = "--prompt", description = "one prompt") String prompt;
        @Option(names = "--input", description = "JSON lines with \"prompt\", \"prompt_token_ids\" or \"messages\"") Path file;
    }

    @Option(names = "--output", description = "write JSON lines here instead of standard output") Path output;
    @Option(names = "--max-tokens", description = "tokens to generate at most (default ${DEFAULT-VALUE})", defaultValue = "64") int maxTokens;
    @Option(names = "--temperature", description = "0 = greedy (default: the model's generation_config, else 1.0)") Double temperature;
    @Option(names = "--top-p", description = "nucleus sampling mass (default: the model's, else 1.0)") Double topP;
    @Option(names = "--top-k", description = "sample from the k most likely tokens, 0 = all (default: the model's, else 0)") Integer topK;
    @Option(names = "--seed", description = "random seed, for reproducible sampling") Long seed;
    @Option(names = "--ignore-eos", description = "keep generating after end-of-sequence tokens") boolean ignoreEos;
    @Option(names = "--logprobs", description = "report the K most likely tokens at each step", defaultValue = "0") int logprobs;
    @Option(names = "--param", paramLabel = "KEY=VALUE", description = "any other sampling option, as in input lines "
        + "(e.g. min_p=0.05, repetition_penalty=1.1, stop=[\"\\n\\n\"], stop_token_ids=2,3, min_tokens=4); repeatable")
    Map<String, String> params = Map.of();
    @Option(names = "--chat", description = "render each text prompt as a user message with the model's chat template") boolean chat;
    @Mixin EngineOptions engine;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        Model m = ModelLoader.load(model);
        long loadNanos = System.nanoTime() - t0;
        SamplingParams defaults = defaults(m);
        List<JsonLines.Line> lines = input.file != null ? JsonLines.read(input.file)
            : List.of(new JsonLines.Line(1, JsonLines.JSON.createObjectNode().put("prompt", input.prompt), null));
        EngineStats stats;
        String backendName;
        long promptTokens = 0;
        long generated = 0;
        long t1 = System.nanoTime();
        List<Object> requests = new ArrayList<>(lines.size());   // a GenerationRequest, or the line's error result
        for (JsonLines.Line line : lines) requests.add(parse(line, defaults));
        EngineConfig settings = engine.toConfig();
        EngineConfig config = engine.toConfig(KvEstimate.bytesFor(m, requests, settings.blockSize(), settings.kvCacheDtype()));
        try (LlmEngine e = LlmEngine.create(m, config); Writer w = JsonLines.open(output);
             Progress progress = Progress.forRequests(lines.size())) {
            // Everything is submitted up front: the engine's scheduler admits rows as KV blocks allow.
            List<CompletableFuture<GenerationResult>> results = new ArrayList<>(lines.size());
            for (Object r : requests) {
                results.add(r instanceof GenerationRequest g ? e.submit(g) : CompletableFuture.completedFuture((GenerationResult) r));
            }
            for (int i = 0; i < lines.size(); i++) {
                GenerationResult r = results.get(i).join();
                promptTokens += r.promptTokenIds().length;
                generated += r.completionTokens();
                JsonLines.write(w, toJson(input.file != null ? JsonLines.id(lines.get(i)) : null, r, logprobs > 0 || r.logprobs() != null));
                progress.step(r.completionTokens());
            }
            stats = e.stats();
            backendName = e.backendName();
        }
        double secs = (System.nanoTime() - t1) / 1e9;
        System.err.printf("sparkllm: %d requests, %d prompt tokens, %d generated tokens in %.2f s (%.1f generated tokens/s); "
                + "model loaded in %.2f s; peak heap %.1f MB; backend %s%n", lines.size(), promptTokens, generated, secs,
            generated / Math.max(secs, 1e-9), loadNanos / 1e9, peakHeapBytes() / 1e6, backendName);
        System.err.println("sparkllm: " + stats.summary());
        return 0;
    }

    private Object parse(JsonLines.Line line, SamplingParams defaults) {
        if (line.error() != null) return GenerationResult.error(null, line.error());
        try {
            return PromptRequest.parse(line.node(), defaults, chat);
        } catch (IllegalArgumentException bad) {
            return GenerationResult.error(null, "line " + line.number() + ": " + bad.getMessage());
        }
    }

    /** Sum of the heap pools' peak usage since the JVM started: what loading and generating needed at most. */
    private static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) peak += pool.getPeakUsage().getUsed();
        }
        return peak;
    }

    /**
     * Request defaults: engine defaults, then the model's generation_config, then this command's options; each input
     * line may override them again.
     */
    private SamplingParams defaults(Model m) {
        SamplingParams.Builder b = SamplingParams.defaultsFrom(m.defaults())
            .maxTokens(maxTokens).seed(seed).ignoreEos(ignoreEos).logprobs(logprobs);
        if (temperature != null) b.temperature(temperature);
        if (topP != null) b.topP(topP);
        if (topK != null) b.topK(topK);
        return SamplingParams.fromOptions(params, b.build());
    }

    private static ObjectNode toJson(com.fasterxml.jackson.databind.JsonNode id, GenerationResult r, boolean withLogprobs) {
        ObjectNode out = JsonLines.JSON.createObjectNode();
        out.set("id", id);
        ArrayNode prompt = out.putArray("prompt_token_ids");
        for (int t : r.promptTokenIds()) prompt.add(t);
        ArrayNode ids = out.putArray("token_ids");
        for (int t : r.tokenIds()) ids.add(t);
        out.put("text", r.text());
        out.put("finish_reason", r.finishReason().wire);
        out.put("error", r.error());
        if (withLogprobs) {
            ArrayNode lps = out.putArray("logprobs");
            if (r.logprobs() != null) {
                for (TokenLogprobs lp : r.logprobs()) {
                    ObjectNode step = lps.addObject();
                    step.put("token_id", lp.tokenId());
                    step.put("logprob", lp.logprob());
                    ArrayNode top = step.putArray("top");
                    for (int i = 0; i < lp.topIds().length; i++) top.addArray().add(lp.topIds()[i]).add(lp.topLogprobs()[i]);
                }
            }
        }
        return out;
    }
}

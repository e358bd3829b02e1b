package dev.sparkllm.engine.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkllm.engine.backend.Backend;
import dev.sparkllm.engine.backend.Backends;
import dev.sparkllm.engine.backend.ScalarBackend;
import dev.sparkllm.engine.kv.ContiguousKvCache;
import dev.sparkllm.engine.sample.Sampler;
import dev.sparkllm.engine.testing.Fixtures;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every fixture model in every file format, on both CPU backends, against the float64 reference the fixtures were
 * recorded with: top-5 logits of the first 4 steps and probe logits within 1e-3, and greedy tokens identical up to
 * the first step whose reference margin is below 2e-3 (the tolerances of the fixtures' README).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GoldenForwardTest {
    private static final double LOGIT_TOL = 1e-3;
    private static final double MARGIN_FLOOR = 2e-3;
    private final Backend vector = Backends.cpu(2);
    private final Backend scalar = new ScalarBackend();

    @AfterAll
    void close() {
        vector.close();
    }

    Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (Fixtures.Variant v : Fixtures.variants()) {
            Model model = ModelLoader.load(Fixtures.model(v.path()));
            for (Backend b : List.of(vector, scalar)) {
                List<JsonNode> records = new ArrayList<>(Fixtures.expected(v.expected()));
                if (v.model().equals("fx-qwen2-bpe")) records.addAll(Fixtures.expected("fx-qwen2-bpe-chat"));
                out.add(Arguments.of(v.path() + " on " + b.name(), model, b, records));
            }
        }
        return out.stream();
    }

    // The backends are shared by all cases and closed in close(), not after each case.
    @ParameterizedTest(name = "{0}", autoCloseArguments = false)
    @MethodSource("cases")
    void matchesReference(String label, Model model, Backend backend, List<JsonNode> records) {
        LlamaForward fwd = new LlamaForward(model.config(), model.weights(), backend);
        int vocab = model.config().vocabSize();
        for (JsonNode rec : records) {
            String id = rec.has("prompt_id") ? rec.get("prompt_id").asText() : rec.get("chat_id").asText();
            int[] input = Fixtures.ints(rec.get("input_ids"));
            int[] greedy = Fixtures.ints(rec.get("greedy_ids"));
            double[] margins = new double[greedy.length];
            Iterator<JsonNode> it = rec.get("greedy_margins").iterator();
            for (int i = 0; i < margins.length; i++) margins[i] = it.next().asDouble();

            ContiguousKvCache cache = new ContiguousKvCache(model.config().numLayers(), model.config().kvDim());
            cache.ensureCapacity(input.length + greedy.length);
            float[] logits = fwd.forward(List.of(new SequenceChunk(cache, 0, input, false)));
            int pos = input.length;
            checkProbes(label + " " + id, rec.get("probe_logits_step0"), logits);
            for (int step = 0; step < greedy.length; step++) {
                if (step < rec.get("top5").size()) checkTop5(label + " " + id + " step " + step, rec.get("top5").get(step), logits);
                if (margins[step] < MARGIN_FLOOR) break;
                int next = Sampler.argmax(logits, 0, vocab);
                assertEquals(greedy[step], next, label + " " + id + ": greedy token " + step + " (expected "
                    + Arrays.toString(greedy) + ")");
                logits = fwd.forward(List.of(new SequenceChunk(cache, pos++, new int[] {next}, false)));
            }
        }
    }

    private static void checkTop5(String where, JsonNode top5, float[] logits) {
        JsonNode ids = top5.get("ids");
        JsonNode values = top5.get("logits");
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(values.get(i).asDouble(), logits[ids.get(i).asInt()], LOGIT_TOL, where + ": logit of id " + ids.get(i));
        }
    }

    private static void checkProbes(String where, JsonNode probes, float[] logits) {
        JsonNode ids = probes.get("ids");
        assertTrue(ids.size() > 0, where + ": fixture has probe logits");
        for (int i = 0; i < ids.size(); i++) {
            assertEquals(probes.get("logits").get(i).asDouble(), logits[ids.get(i).asInt()], LOGIT_TOL,
                where + ": probe logit of id " + ids.get(i));
        }
    }
}

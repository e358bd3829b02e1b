package dev.sparkllm.engine.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkllm.engine.testing.Fixtures;
import dev.sparkllm.engine.tokenizer.Tokenizers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The command-line contract, checked from outside: {@code generate} reproduces the recorded greedy ids. */
class GenerateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path dir;

    static List<Fixtures.Variant> variants() {
        return Fixtures.variants();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("variants")
    void reproducesRecordedGreedyIds(Fixtures.Variant v) throws IOException {
        List<JsonNode> records = Fixtures.expected(v.expected());
        Path in = dir.resolve("in.jsonl");
        StringBuilder sb = new StringBuilder();
        for (JsonNode r : records) {
            sb.append(JSON.writeValueAsString(JSON.createObjectNode().put("id", r.get("prompt_id").asText())
                .set("prompt_token_ids", r.get("input_ids")))).append('\n');
        }
        Files.writeString(in, sb);
        Path out = dir.resolve("out.jsonl");
        assertEquals(0, SparkLlmCli.run("generate", "--model", Fixtures.model(v.path()).toString(), "--input", in.toString(),
            "--output", out.toString(), "--max-tokens", "32", "--temperature", "0", "--ignore-eos"));
        List<String> lines = Files.readAllLines(out);
        assertEquals(records.size(), lines.size());
        for (int i = 0; i < records.size(); i++) {
            JsonNode rec = records.get(i);
            JsonNode got = JSON.readTree(lines.get(i));
            assertEquals(rec.get("prompt_id").asText(), got.get("id").asText());
            assertEquals(rec.get("input_ids"), got.get("prompt_token_ids"));
            assertEquals("length", got.get("finish_reason").asText());
            assertTrue(got.get("error").isNull());
            int agree = agreedPrefix(rec);
            for (int s = 0; s < agree; s++) {
                assertEquals(rec.get("greedy_ids").get(s).asInt(), got.get("token_ids").get(s).asInt(),
                    v + " " + rec.get("prompt_id") + " token " + s);
            }
            assertEquals(32, got.get("token_ids").size());
        }
    }

    /** Steps before the first whose reference margin is under 2e-3 (where float32 may legitimately pick the runner-up). */
    private static int agreedPrefix(JsonNode rec) {
        int n = 0;
        for (JsonNode m : rec.get("greedy_margins")) {
            if (m.asDouble() < 2e-3) break;
            n++;
        }
        return n;
    }

    @Test
    void kvCacheDtypeOptionIsParsedAndBadValuesAreRefused() throws IOException {
        Path in = dir.resolve("kv.jsonl");
        Files.writeString(in, "{\"id\": 1, \"prompt\": \"hello\", \"max_tokens\": 4, \"temperature\": 0}\n");
        Path out = dir.resolve("kv-out.jsonl");
        String model = Fixtures.model("fx-llama-spm/hf-f32").toString();
        assertEquals(0, SparkLlmCli.run("generate", "--model", model, "--input", in.toString(), "--output", out.toString(),
            "--kv-cache-dtype", "bf16"));
        assertEquals(4, JSON.readTree(Files.readAllLines(out).get(0)).get("token_ids").size());
        assertNotEquals(0, SparkLlmCli.run("generate", "--model", model, "--input", in.toString(), "--output",
            out.toString(), "--kv-cache-dtype", "int8"));
    }

    @Test
    void textPromptsGetTheModelsBosAndBadLinesGetErrors() throws IOException {
        JsonNode rec = Fixtures.expected("fx-llama-spm").get(1);
        Path in = dir.resolve("mixed.jsonl");
        Files.writeString(in, String.join("\n",
            JSON.writeValueAsString(JSON.createObjectNode().put("id", 1).put("prompt", rec.get("text").asText())
                .put("max_tokens", 4).put("temperature", 0)),
            "{not json",
            "{\"id\": 3, \"prompt\": 42}",
            "{\"id\": 4, \"prompt\": \"x\", \"temperature\": -1}",
            "{\"id\": 5, \"prompt_token_ids\": [1, 999999]}",
            "{\"id\": 6, \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}",
            "{\"id\": 7, \"prompt\": \"seeded\", \"temperature\": 0.9, \"seed\": 5, \"max_tokens\": 6}",
            "{\"id\": 8, \"prompt\": \"seeded\", \"temperature\": 0.9, \"seed\": 5, \"max_tokens\": 6, \"logprobs\": 3}") + "\n");
        Path out = dir.resolve("mixed-out.jsonl");
        assertEquals(0, SparkLlmCli.run("generate", "--model", Fixtures.model("fx-llama-spm/hf-f32").toString(),
            "--input", in.toString(), "--output", out.toString()));
        List<JsonNode> got = new ArrayList<>();
        for (String l : Files.readAllLines(out)) got.add(JSON.readTree(l));
        assertEquals(8, got.size(), "one output line per input line");
        assertEquals(rec.get("input_ids"), got.get(0).get("prompt_token_ids"));
        assertEquals(rec.get("greedy_ids").get(0), got.get(0).get("token_ids").get(0));
        assertEquals("error", got.get(1).get("finish_reason").asText());
        assertTrue(got.get(1).get("error").asText().contains("line 2"));
        assertTrue(got.get(2).get("error").asText().contains("prompt"));
        assertTrue(got.get(3).get("error").asText().contains("temperature"));
        assertTrue(got.get(4).get("error").asText().contains("999999"));
        assertTrue(got.get(5).get("error").asText().contains("chat template"), got.get(5).toString());
        assertEquals(got.get(6).get("token_ids"), got.get(7).get("token_ids"), "same seed, same tokens");
        assertEquals(6, got.get(7).get("logprobs").size());
        assertEquals(3, got.get(7).get("logprobs").get(0).get("top").size());
        assertNotEquals(null, got.get(7).get("logprobs").get(0).get("logprob"));
    }

    @Test
    void everySamplingOptionWorksPerLineAndOnTheCommandLine() throws IOException {
        // A record whose first 8 greedy steps are unambiguous, so float32 reproduces them.
        JsonNode rec = Fixtures.expected("fx-llama-spm").stream().filter(r -> agreedPrefix(r) >= 8).findFirst().orElseThrow();
        int[] greedy = Fixtures.ints(rec.get("greedy_ids"));
        String model = Fixtures.model("fx-llama-spm/hf-f32").toString();
        String text8 = Tokenizers.fromHfDirectory(Fixtures.model("fx-llama-spm/hf-f32"))
            .decode(java.util.Arrays.copyOf(greedy, 8), true);
        String stop = text8.substring(text8.length() / 2, text8.length() / 2 + 2);
        ObjectNode base = JSON.createObjectNode().put("temperature", 0).put("max_tokens", 8);
        base.set("prompt_token_ids", rec.get("input_ids"));
        List<ObjectNode> lines = List.of(
            base.deepCopy().put("id", 1).set("stop_token_ids", JSON.createArrayNode().add(greedy[0])),
            base.deepCopy().put("id", 2).put("min_tokens", 1).put("ignore_eos", true)
                .set("stop_token_ids", JSON.createArrayNode().add(greedy[0])),
            base.deepCopy().put("id", 3).put("stop", stop),
            base.deepCopy().put("id", 4).put("stop", stop).put("include_stop_str_in_output", true),
            base.deepCopy().put("id", 5).put("temprature", 0.5),
            base.deepCopy().put("id", 6).put("top_p", "high"),
            base.deepCopy().put("id", 7).put("min_tokens", 9));
        Path in = dir.resolve("options.jsonl");
        StringBuilder sb = new StringBuilder();
        for (ObjectNode l : lines) sb.append(JSON.writeValueAsString(l)).append('\n');
        Files.writeString(in, sb);
        Path out = dir.resolve("options-out.jsonl");
        assertEquals(0, SparkLlmCli.run("generate", "--model", model, "--input", in.toString(), "--output", out.toString()));
        List<JsonNode> got = new ArrayList<>();
        for (String l : Files.readAllLines(out)) got.add(JSON.readTree(l));
        assertEquals("stop", got.get(0).get("finish_reason").asText());
        assertEquals(JSON.createArrayNode().add(greedy[0]), got.get(0).get("token_ids"));
        assertEquals("", got.get(0).get("text").asText());
        assertNotEquals(greedy[0], got.get(1).get("token_ids").get(0).asInt(), "min_tokens masks the stop token id");
        assertEquals("stop", got.get(2).get("finish_reason").asText());
        assertEquals(text8.substring(0, text8.indexOf(stop)), got.get(2).get("text").asText());
        assertEquals(text8.substring(0, text8.indexOf(stop) + 2), got.get(3).get("text").asText());
        assertTrue(got.get(4).get("error").asText().contains("unknown sampling option \"temprature\""), got.get(4).toString());
        assertEquals("line 6: top_p must be a number, got \"high\"", got.get(5).get("error").asText());
        assertEquals("line 7: min_tokens must be in [0, max_tokens = 8], got 9", got.get(6).get("error").asText());

        // --param takes the same options for every line: top_k=1 makes sampling at temperature 1 greedy.
        Path one = dir.resolve("one.jsonl");
        Files.writeString(one, JSON.writeValueAsString(JSON.createObjectNode().set("prompt_token_ids", rec.get("input_ids"))) + "\n");
        Path oneOut = dir.resolve("one-out.jsonl");
        assertEquals(0, SparkLlmCli.run("generate", "--model", model, "--input", one.toString(), "--output", oneOut.toString(),
            "--temperature", "1", "--max-tokens", "8", "--ignore-eos", "--param", "top_k=1", "--param", "min_p=0.5"));
        JsonNode sampled = JSON.readTree(Files.readAllLines(oneOut).get(0));
        for (int s = 0; s < 8; s++) assertEquals(greedy[s], sampled.get("token_ids").get(s).asInt());
        assertEquals(1, SparkLlmCli.run("generate", "--model", model, "--prompt", "x", "--param", "bogus=1"));
    }

    @Test
    void chatMessagesUseTheTemplate() throws IOException {
        JsonNode chat = Fixtures.expected("fx-qwen2-bpe-chat").get(0);
        Path in = dir.resolve("chat.jsonl");
        Files.writeString(in, JSON.writeValueAsString(JSON.createObjectNode().put("id", "c")
            .set("messages", chat.get("messages"))) + "\n");
        Path out = dir.resolve("chat-out.jsonl");
        assertEquals(0, SparkLlmCli.run("generate", "--model", Fixtures.model("fx-qwen2-bpe/fx-qwen2-bpe-q8_0.gguf").toString(),
            "--input", in.toString(), "--output", out.toString(), "--max-tokens", "8", "--temperature", "0", "--ignore-eos"));
        JsonNode got = JSON.readTree(Files.readAllLines(out).get(0));
        assertEquals(chat.get("input_ids"), got.get("prompt_token_ids"));
        for (int s = 0; s < 8 && chat.get("greedy_margins").get(s).asDouble() >= 2e-3; s++) {
            assertEquals(chat.get("greedy_ids").get(s), got.get("token_ids").get(s));
        }
    }

    @Test
    void missingModelIsAToolError() {
        assertEquals(1, SparkLlmCli.run("generate", "--model", dir.resolve("nope").toString(), "--prompt", "x"));
    }
}

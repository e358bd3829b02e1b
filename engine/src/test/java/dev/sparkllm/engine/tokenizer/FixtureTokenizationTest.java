package dev.sparkllm.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkllm.engine.testing.Fixtures;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every fixture record against every file of its model: HF directory and each GGUF. */
class FixtureTokenizationTest {

    static Stream<Arguments> cases() {
        return FixtureTokenizers.SOURCES.stream().flatMap(source -> Fixtures.recordsFor(source.model()).stream()
                .map(record -> Arguments.of(source, Fixtures.id(record), record)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void encodeWithoutSpecialTokens(FixtureTokenizers.Source source, String id, JsonNode record) {
        JsonNode tokens = record.get("tokens");
        // GGUF metadata has no normalizer: where HF's NFC changes the text, the GGUF tokenizer matches llama.cpp.
        boolean ggufWithoutNfc = source.gguf() && !tokens.get("all_agree").asBoolean();
        int[] expected = Fixtures.ints(tokens.get(ggufWithoutNfc ? "llama_cpp" : "hf_tokenizers"));
        assertArrayEquals(expected, source.tokenizer().encode(record.get("text").asText(), false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void encodeWithSpecialTokens(FixtureTokenizers.Source source, String id, JsonNode record) {
        String key = source.gguf() ? "llama_cpp_add_special" : "hf_tokenizers_add_special";
        assertArrayEquals(Fixtures.ints(record.get("tokens").get(key)),
                source.tokenizer().encode(record.get("text").asText(), true));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void encodeWithoutParsingSpecialTokens(FixtureTokenizers.Source source, String id, JsonNode record) {
        JsonNode tokens = record.get("tokens");
        // llama.cpp's parse_special=false has the same meaning for the HF files (control tokens as plain text,
        // <think> still matched); only NFC separates them, on the records where the tokenizers disagree.
        assumeTrue(source.gguf() || tokens.get("all_agree").asBoolean(), "NFC record: HF differs from llama.cpp");
        assertArrayEquals(Fixtures.ints(tokens.get("llama_cpp_no_parse_special")),
                source.tokenizer().encode(record.get("text").asText(), false, false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void decodeInputTokens(FixtureTokenizers.Source source, String id, JsonNode record) {
        int[] ids = Fixtures.ints(record.get("tokens").get("hf_tokenizers"));
        assertEquals(record.get("decoded_text").asText(), source.tokenizer().decode(ids, false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void decodeGreedyTokens(FixtureTokenizers.Source source, String id, JsonNode record) {
        int[] ids = Fixtures.ints(record.get("greedy_ids"));
        assertEquals(record.get("greedy_text").asText(), source.tokenizer().decode(ids, false));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("cases")
    void streamingDecodeEqualsDecode(FixtureTokenizers.Source source, String id, JsonNode record) {
        Tokenizer tokenizer = source.tokenizer();
        for (String field : new String[] {"input_ids", "greedy_ids"}) {
            int[] ids = Fixtures.ints(record.get(field));
            for (boolean skip : new boolean[] {false, true}) {
                Tokenizer.StreamingDecoder stream = tokenizer.streamingDecoder(skip);
                StringBuilder sb = new StringBuilder();
                for (int t : ids) {
                    String piece = stream.add(t);
                    assertNoLoneSurrogateAtEnd(piece);
                    sb.append(piece);
                }
                sb.append(stream.flush());
                assertEquals(tokenizer.decode(ids, skip), sb.toString(), field + " skipSpecial=" + skip);
            }
        }
    }

    private static void assertNoLoneSurrogateAtEnd(String piece) {
        if (!piece.isEmpty()) {
            assertEquals(false, Character.isHighSurrogate(piece.charAt(piece.length() - 1)), "split surrogate");
        }
    }
}

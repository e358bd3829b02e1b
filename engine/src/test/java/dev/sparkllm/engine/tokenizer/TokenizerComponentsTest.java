package dev.sparkllm.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sparkllm.engine.testing.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenizerComponentsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String lossy(int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return Utf8.decodeLossy(b, b.length);
    }

    @Test
    void lossyUtf8GivesOneReplacementPerMaximalInvalidSequence() {
        assertEquals("\uFFFDa", lossy(0xE2, 0x82, 'a'));
        assertEquals("€", lossy(0xE2, 0x82, 0xAC));
        assertEquals("\uFFFD\uFFFD", lossy(0x80, 0x80));
        assertEquals("\uFFFD\uFFFD", lossy(0xED, 0xA0)); // a surrogate's lead bytes are two invalid sequences
        assertEquals("\uFFFD", lossy(0xF0, 0x9F, 0x98));
        assertEquals("😀", lossy(0xF0, 0x9F, 0x98, 0x80));
    }

    @Test
    void byteFallbackGivesOneReplacementPerByteToken() {
        assertEquals(List.of("a", "\uFFFD\uFFFD", "b", "é"), Decoder.byteFallback()
                .decodeChain(List.of("a", "<0xE2>", "<0x82>", "b", "<0xC3>", "<0xA9>")));
    }

    @Test
    void splitBehaviorsFollowHf() {
        java.util.regex.Pattern dash = java.util.regex.Pattern.compile("-");
        assertEquals(List.of("a", "-", "-", "b"), split(dash, SplitPreTokenizer.Behavior.ISOLATED, "a--b"));
        assertEquals(List.of("a", "b"), split(dash, SplitPreTokenizer.Behavior.REMOVED, "a--b"));
        assertEquals(List.of("a-", "-", "b"), split(dash, SplitPreTokenizer.Behavior.MERGED_WITH_PREVIOUS, "a--b"));
        assertEquals(List.of("a", "-", "-b"), split(dash, SplitPreTokenizer.Behavior.MERGED_WITH_NEXT, "a--b"));
        assertEquals(List.of("a", "--", "b"), split(dash, SplitPreTokenizer.Behavior.CONTIGUOUS, "a--b"));
    }

    private static List<String> split(java.util.regex.Pattern p, SplitPreTokenizer.Behavior b, String text) {
        return new SplitPreTokenizer(p, b, false).splitAll(text, true);
    }

    @Test
    void addedTokenOptions() {
        AddedTokenSplitter splitter = new AddedTokenSplitter(List.of(
                new AddedToken(1, "<x>", true, true, true, false, false),
                new AddedToken(2, "cat", false, false, false, false, true)));
        List<AddedTokenSplitter.Segment> segs = splitter.split("a  <x>  b cat concat", 0, true);
        assertEquals(List.of("a", "<x>", "b ", "cat", " concat"), segs.stream().map(AddedTokenSplitter.Segment::text).toList());
        assertEquals(List.of("a  <x>  b ", "cat", " concat"),
                splitter.split("a  <x>  b cat concat", 0, false).stream().map(AddedTokenSplitter.Segment::text).toList());
    }

    @Test
    void unsupportedComponentNamesTypeAndFile(@TempDir Path dir) throws Exception {
        ObjectNode root = (ObjectNode) JSON.readTree(Fixtures.resource("fixtures/models/fx-qwen2-bpe/hf-bf16")
                .resolve("tokenizer.json").toFile());
        root.putObject("normalizer").put("type", "Precompiled");
        Files.writeString(dir.resolve("tokenizer.json"), root.toString());
        TokenizerException e = assertThrows(TokenizerException.class, () -> Tokenizers.fromHfDirectory(dir));
        assertTrue(e.getMessage().contains("normalizer type \"Precompiled\"") && e.getMessage()
                .contains(dir.resolve("tokenizer.json").toString()), e.getMessage());
        ((ObjectNode) root.get("model")).put("type", "Unigram");
        Files.writeString(dir.resolve("tokenizer.json"), root.toString());
        e = assertThrows(TokenizerException.class, () -> Tokenizers.fromHfDirectory(dir));
        assertTrue(e.getMessage().contains("model type \"Unigram\""), e.getMessage());
    }

    @Test
    void unknownGgufPreTokenizerIsNamed() {
        Map<String, Object> meta = new HashMap<>();
        meta.put("tokenizer.ggml.model", "gpt2");
        meta.put("tokenizer.ggml.pre", "martian-v9");
        meta.put("tokenizer.ggml.tokens", List.of("a", "b", "ab"));
        meta.put("tokenizer.ggml.merges", List.of("a b"));
        TokenizerException e = assertThrows(TokenizerException.class,
                () -> Tokenizers.fromGgufMetadata(Path.of("x.gguf"), meta));
        assertTrue(e.getMessage().contains("\"martian-v9\"") && e.getMessage().contains("x.gguf"), e.getMessage());
        meta.put("tokenizer.ggml.model", "t5");
        e = assertThrows(TokenizerException.class, () -> Tokenizers.fromGgufMetadata(Path.of("x.gguf"), meta));
        assertTrue(e.getMessage().contains("\"t5\""), e.getMessage());
    }

    @Test
    void ggufGpt2MergesAndByteLevel() {
        Map<String, Object> meta = new HashMap<>();
        meta.put("tokenizer.ggml.model", "gpt2");
        meta.put("tokenizer.ggml.pre", "llama-bpe");
        meta.put("tokenizer.ggml.tokens", List.of("a", "b", "ab", "Ġ", "Ġab", "Ġa"));
        meta.put("tokenizer.ggml.merges", List.of("a b", "Ġ a", "Ġa b"));
        Tokenizer t = Tokenizers.fromGgufMetadata(Path.of("x.gguf"), meta);
        assertArrayEquals(new int[] {2, 4, 3}, t.encode("ab ab ", false));
        assertEquals("ab ab ", t.decode(new int[] {2, 4, 3}, false));
        assertEquals(-1, t.bosId());
    }

    @Test
    void specialTokensAndSkipping() {
        Tokenizer spm = Tokenizers.fromHfDirectory(Fixtures.resource("fixtures/models/fx-llama-spm/hf-f32"));
        assertEquals(1, spm.bosId());
        assertEquals(List.of(2), spm.eosIds());
        assertTrue(spm.isSpecial(1) && !spm.isSpecial(300));
        int[] ids = spm.encode("Hi</s>", true);
        assertEquals(1, ids[0]);
        assertEquals("Hi", spm.decode(ids, true));
        assertEquals("<s> Hi</s>", spm.decode(ids, false));
        Tokenizer qwen = Tokenizers.fromHfDirectory(Fixtures.resource("fixtures/models/fx-qwen2-bpe/hf-bf16"));
        assertEquals(-1, qwen.bosId());
        assertEquals(List.of(8194), qwen.eosIds());
        assertEquals("<think>x</think>", qwen.decode(qwen.encode("<|im_start|><think>x</think><|im_end|>", false), true));
        assertEquals("<0x0A>", spm.tokenText(13));
    }
}

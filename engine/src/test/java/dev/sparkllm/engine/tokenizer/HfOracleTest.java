package dev.sparkllm.engine.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import dev.sparkllm.engine.testing.Fixtures;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares with HF {@code tokenizers} (Rust, through DJL's JNI binding, which bundles its native library) on
 * generated strings the fixtures do not cover: random Unicode from many scripts, whitespace runs, long inputs.
 */
class HfOracleTest {
    private static final String[] DIRS = {"fixtures/models/fx-llama-spm/hf-f32", "fixtures/models/fx-qwen2-bpe/hf-bf16"};
    private static final List<HuggingFaceTokenizer> ORACLES = new ArrayList<>();

    @BeforeAll
    static void loadOracles() throws Exception {
        System.setProperty("DJL_CACHE_DIR", Path.of("target", "djl-cache").toAbsolutePath().toString());
        System.setProperty("DJL_OFFLINE", "true");
        for (String dir : DIRS) {
            ORACLES.add(HuggingFaceTokenizer.newInstance(Fixtures.resource(dir).resolve("tokenizer.json"),
                    Map.of("addSpecialTokens", "false", "truncation", "false", "padding", "false",
                    "modelMaxLength", "1000000")));
        }
    }

    @AfterAll
    static void close() {
        ORACLES.forEach(HuggingFaceTokenizer::close);
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        Random random = new Random(20261125);
        for (int d = 0; d < DIRS.length; d++) {
            for (int i = 0; i < 150; i++) {
                out.add(Arguments.of(d, i, randomText(random, 1 + random.nextInt(i < 140 ? 40 : 3000))));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} #{1}")
    @MethodSource("cases")
    void encodeAndDecodeMatchHf(int dir, int index, String text) {
        Tokenizer ours = Tokenizers.fromHfDirectory(Fixtures.resource(DIRS[dir]));
        HuggingFaceTokenizer hf = ORACLES.get(dir);
        long[] expected = hf.encode(text, false, false).getIds();
        int[] actual = ours.encode(text, false);
        assertArrayEquals(java.util.Arrays.stream(expected).mapToInt(x -> (int) x).toArray(), actual, text);
        assertEquals(hf.decode(expected, false), ours.decode(actual, false));
    }

    // Mixed pieces: ASCII words, digits, whitespace runs, accents and combining marks, CJK, emoji, special-token text.
    private static String randomText(Random r, int pieces) {
        String[] pool = {"hello", " world", "Don't", " 'LL", "12345", "3.14", "  ", "\t", "\n", "\r\n", " \n ",
            "é", "e\u0301", "Å", "\u212B", "ß", "İ", "ſ", "Привет", "中文字", "日本語", "한국어", "\u1100\u1161",
            "😀", "👨\u200D👩\u200D👧", "🏳\uFE0F\u200D🌈", "\u00A0", "\u2028", "\u3000", "\u200B", "<|im_end|>",
            "<think>", "<s>", "</s>", "<unk>", "▁", "Ġ", "\\", "«»", "—", "x".repeat(40), "ab".repeat(30)};
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < pieces; i++) {
            if (r.nextInt(5) == 0) {
                sb.appendCodePoint(randomCodePoint(r));
            } else {
                sb.append(pool[r.nextInt(pool.length)]);
            }
        }
        return sb.toString();
    }

    private static int randomCodePoint(Random r) {
        while (true) {
            int cp = r.nextInt(4) == 0 ? r.nextInt(0x20000) : r.nextInt(0x3000);
            if (Character.isDefined(cp) && !Character.isSurrogate((char) cp) && Character.getType(cp)
                    != Character.PRIVATE_USE && Character.getType(cp) != Character.UNASSIGNED) {
                return cp;
            }
        }
    }
}

package dev.sparkllm.engine.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.sample.StopChecker.Decision;
import dev.sparkllm.engine.testing.Fixtures;
import dev.sparkllm.engine.tokenizer.Tokenizer;
import dev.sparkllm.engine.tokenizer.Tokenizers;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Stop conditions and output text on the real fixture tokenizers (byte-level BPE and SentencePiece byte fallback). */
class StopCheckerTest {
    private static final Tokenizer QWEN = Tokenizers.fromHfDirectory(Fixtures.model("fx-qwen2-bpe/hf-bf16"));
    private static final Tokenizer LLAMA = Tokenizers.fromHfDirectory(Fixtures.model("fx-llama-spm/hf-f32"));
    private static final int QWEN_EOS = 8194;   // <|im_end|>
    private static final int LLAMA_EOS = 2;     // </s>
    private static final String TEXT = "Hello world. The end is near.\n\nDone";
    private static final String UNICODE = "café € 中文 😀 end";

    private static Tokenizer tokenizer(String name) {
        return name.equals("qwen") ? QWEN : LLAMA;
    }

    private static Set<Integer> eos(Tokenizer t) {
        return Set.of(t == QWEN ? QWEN_EOS : LLAMA_EOS);
    }

    private static SamplingParams.Builder params() {
        return SamplingParams.builder().maxTokens(1000);
    }

    /** Feeds ids until the checker says the sequence ended. */
    private static StopChecker run(Tokenizer t, SamplingParams p, int... ids) {
        StopChecker c = new StopChecker(t, p, eos(t));
        for (int id : ids) {
            if (c.add(id).finished()) break;
        }
        return c;
    }

    private static int[] concat(int[] a, int... b) {
        return IntStream.concat(Arrays.stream(a), Arrays.stream(b)).toArray();
    }

    @ParameterizedTest
    @CsvSource({"qwen", "llama"})
    void eosStopsAndItsTextIsLeftOut(String name) {
        Tokenizer t = tokenizer(name);
        int eos = eos(t).iterator().next();
        int[] hello = t.encode("Hello world", false);
        StopChecker c = run(t, params().skipSpecialTokens(false).build(), concat(hello, eos, hello[0]));
        assertEquals(Decision.STOP, c.decision());
        assertEquals("Hello world", c.text());
        assertArrayEquals(concat(hello, eos), c.tokenIds(), "the EOS id is kept, what follows is never added");
        assertNull(c.stopString());
        // include_stop_str_in_output keeps the EOS text when special tokens are shown.
        String eosText = t.decode(new int[] {eos}, false);
        assertEquals("Hello world" + eosText,
            run(t, params().skipSpecialTokens(false).includeStopStrInOutput(true).build(), concat(hello, eos)).text());
    }

    @ParameterizedTest
    @CsvSource({"qwen", "llama"})
    void ignoreEosKeepsGoingAndSkipSpecialTokensDecidesTheText(String name) {
        Tokenizer t = tokenizer(name);
        int eos = eos(t).iterator().next();
        int[] ids = concat(t.encode("Hello world", false), eos, t.encode(" again", false)[0]);
        StopChecker skipping = run(t, params().ignoreEos(true).build(), ids);
        assertEquals(Decision.CONTINUE, skipping.decision());
        assertArrayEquals(ids, skipping.tokenIds());
        assertEquals(t.decode(ids, true), skipping.text());
        StopChecker showing = run(t, params().ignoreEos(true).skipSpecialTokens(false).build(), ids);
        assertEquals(t.decode(ids, false), showing.text());
        assertTrue(showing.text().contains(t.decode(new int[] {eos}, false)));
    }

    @Test
    void stopTokenIdsStopAndTheirTextIsLeftOutUnlessIncluded() {
        int[] ids = QWEN.encode("The answer is 42! More", false);
        int bang = QWEN.encode("!", false)[0];
        SamplingParams p = params().stopTokenIds(Set.of(bang)).build();
        StopChecker c = run(QWEN, p, ids);
        assertEquals(Decision.STOP, c.decision());
        assertEquals("The answer is 42", c.text());
        assertEquals(bang, c.tokenIds()[c.tokenIds().length - 1]);
        assertEquals("The answer is 42!", run(QWEN, p.toBuilder().includeStopStrInOutput(true).build(), ids).text());
    }

    @Test
    void stopStringInsideOneToken() {
        int[] ids = QWEN.encode(TEXT, false);
        int last = firstTokenWhoseTextContains(QWEN, ids, "\n\n");
        assertEquals(".\n\n", QWEN.decode(new int[] {ids[last]}, true), "the fixture has '.\\n\\n' as one token");
        StopChecker c = run(QWEN, params().stop(List.of("\n\n")).build(), ids);
        assertEquals(Decision.STOP, c.decision());
        assertEquals("Hello world. The end is near.", c.text());
        assertEquals("\n\n", c.stopString());
        assertArrayEquals(Arrays.copyOf(ids, last + 1), c.tokenIds());
        assertEquals("Hello world. The end is near.\n\n",
            run(QWEN, params().stop(List.of("\n\n")).includeStopStrInOutput(true).build(), ids).text());
    }

    @Test
    void textAfterTheStopStringInTheSameTokenIsDropped() {
        // "near." ends inside the token ".\n\n": the "\n\n" after it is dropped even with include_stop_str_in_output.
        int[] ids = QWEN.encode(TEXT, false);
        assertEquals("Hello world. The end is ", run(QWEN, params().stop(List.of("near.")).build(), ids).text());
        assertEquals("Hello world. The end is near.",
            run(QWEN, params().stop(List.of("near.")).includeStopStrInOutput(true).build(), ids).text());
    }

    @ParameterizedTest
    @CsvSource({"qwen, 2", "llama, 3"})
    void stopStringSplitAcrossTokens(String name, int pieces) {
        Tokenizer t = tokenizer(name);
        int[] ids = t.encode("Please STOP here", false);
        int last = firstTokenWhoseTextContains(t, ids, "STOP");
        int first = last;
        while (!t.decode(Arrays.copyOfRange(ids, first, last + 1), true).contains("STOP")) first--;
        assertEquals(pieces, last - first + 1, Arrays.toString(ids));
        StopChecker c = run(t, params().stop(List.of("STOP")).build(), ids);
        assertEquals("Please ", c.text());
        assertEquals(last + 1, c.tokenIds().length);
        assertEquals("Please STOP", run(t, params().stop(List.of("STOP")).includeStopStrInOutput(true).build(), ids).text());
    }

    /** Each case is checked against a brute-force reference: re-decode every prefix and look for the stop string. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "qwen | lo wor", "llama | lo wor",            // shares text with the previous token
        "qwen | d. T", "llama | d. T",
        "qwen | €", "llama | €",                        // qwen: bytes split over two byte-level tokens
        "qwen | 文 ", "llama | 文 ",
        "qwen | 😀", "llama | 😀",                       // llama: four byte-fallback tokens
        "qwen | absent", "llama | absent",
    })
    void stopStringsMatchTheReference(String name, String stop) {
        Tokenizer t = tokenizer(name);
        for (String text : List.of(TEXT, UNICODE)) {
            int[] ids = t.encode(text, false);
            for (boolean include : new boolean[] {false, true}) {
                StopChecker c = run(t, params().stop(List.of("zzz", stop)).includeStopStrInOutput(include).build(), ids);
                int last = firstTokenWhoseTextContains(t, ids, stop);
                if (last < 0) {
                    assertEquals(Decision.CONTINUE, c.decision());
                    assertEquals(t.decode(ids, true), c.text());
                    continue;
                }
                String decoded = t.decode(Arrays.copyOf(ids, last + 1), true);
                int at = decoded.indexOf(stop);
                assertEquals(Decision.STOP, c.decision());
                assertEquals(decoded.substring(0, include ? at + stop.length() : at), c.text(), text + " / " + stop);
                assertEquals(last + 1, c.tokenIds().length);
            }
        }
    }

    @Test
    void theEarliestStopStringWins() {
        int[] ids = QWEN.encode(TEXT, false);
        // " world" is one token, so both strings complete at the same step; the earlier one wins, not the first listed.
        assertEquals("Hello", run(QWEN, params().stop(List.of("world", " wor")).build(), ids).text());
        assertEquals("Hell", run(QWEN, params().stop(List.of("world", " wor", "o w")).build(), ids).text());
    }

    @ParameterizedTest
    @CsvSource({"qwen", "llama"})
    void maxTokensEndsWithLengthUnlessTheLastTokenAlsoStops(String name) {
        Tokenizer t = tokenizer(name);
        int[] ids = t.encode(TEXT, false);
        StopChecker c = run(t, params().maxTokens(3).build(), ids);
        assertEquals(Decision.LENGTH, c.decision());
        assertEquals(3, c.tokenIds().length);
        assertEquals(t.decode(Arrays.copyOf(ids, 3), true), c.text());
        int last = firstTokenWhoseTextContains(t, ids, "end");
        StopChecker both = run(t, params().maxTokens(last + 1).stop(List.of("end")).build(), ids);
        assertEquals(Decision.STOP, both.decision());
        assertEquals(Decision.LENGTH, run(t, params().maxTokens(last).stop(List.of("end")).build(), ids).decision());
        assertThrows(IllegalStateException.class, () -> c.add(ids[3]));
    }

    @ParameterizedTest
    @CsvSource({"qwen", "llama"})
    void minTokensDelaysEosAndStopStrings(String name) {
        Tokenizer t = tokenizer(name);
        int eos = eos(t).iterator().next();
        int[] hello = t.encode("Hello world", false);
        int[] ids = concat(concat(hello, eos), concat(hello, eos));
        int min = hello.length + 2;   // the first EOS comes before min_tokens, the second after
        StopChecker c = run(t, params().minTokens(min).build(), ids);
        assertEquals(Decision.STOP, c.decision());
        assertArrayEquals(ids, c.tokenIds());
        assertEquals(t.decode(Arrays.copyOf(ids, ids.length - 1), true), c.text());
        // "world" is complete before min_tokens, so only its second occurrence stops the sequence.
        StopChecker s = run(t, params().minTokens(min).stop(List.of("world")).build(), ids);
        assertEquals(Decision.STOP, s.decision());
        assertEquals(2 * hello.length + 1, s.tokenIds().length);
    }

    @ParameterizedTest
    @CsvSource({"qwen", "llama"})
    void charactersSplitAcrossTokensAreNeverBrokenInTheText(String name) {
        Tokenizer t = tokenizer(name);
        int[] ids = t.encode(UNICODE, false);
        String full = t.decode(ids, true);
        assertEquals(UNICODE, full.strip());
        boolean sawIncomplete = false;
        for (int n = 1; n <= ids.length; n++) {
            int[] prefix = Arrays.copyOf(ids, n);
            sawIncomplete |= t.decode(prefix, true).indexOf('\uFFFD') >= 0;
            String byLength = run(t, params().maxTokens(n).build(), prefix).text();
            String byEos = run(t, params().build(), concat(prefix, eos(t).iterator().next())).text();
            String unfinished = run(t, params().build(), prefix).text();
            for (String text : List.of(byLength, byEos, unfinished)) {
                assertFalse(text.indexOf('\uFFFD') >= 0, n + ": " + text);
                assertTrue(full.startsWith(text), n + ": " + text);
            }
        }
        assertTrue(sawIncomplete, "some prefix must end inside a character for this test to mean anything");
    }

    @Test
    void textIsFinalOnceRead() {
        int[] ids = LLAMA.encode("Hello world", false);
        StopChecker c = new StopChecker(LLAMA, params().build(), eos(LLAMA));
        for (int id : ids) c.add(id);
        assertEquals("Hello world", c.text());
        assertEquals("Hello world", c.text());
        assertThrows(IllegalStateException.class, () -> c.add(ids[0]));
    }

    /** Index of the first token at which the decoded prefix contains {@code s}, or -1. */
    private static int firstTokenWhoseTextContains(Tokenizer t, int[] ids, String s) {
        for (int i = 0; i < ids.length; i++) {
            if (t.decode(Arrays.copyOf(ids, i + 1), true).contains(s)) return i;
        }
        return -1;
    }
}

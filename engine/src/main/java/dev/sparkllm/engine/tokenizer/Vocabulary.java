package dev.sparkllm.engine.tokenizer;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Id-ordered token texts and the reverse map; ids without a text (gaps in a HF vocab) hold {@code null}. */
final class Vocabulary {
    private final String[] texts;
    private final Map<String, Integer> ids;

    Vocabulary(String[] texts) {
        this.texts = texts;
        this.ids = new HashMap<>(texts.length * 2);
        for (int i = 0; i < texts.length; i++) {
            if (texts[i] != null) {
                ids.putIfAbsent(texts[i], i);
            }
        }
    }

    static Vocabulary of(List<String> texts) {
        return new Vocabulary(texts.toArray(new String[0]));
    }

    int size() {
        return texts.length;
    }

    /** Token text, or {@code null} for an unused id. */
    String text(int id) {
        return id >= 0 && id < texts.length ? texts[id] : null;
    }

    /** Id of {@code text}, or -1. */
    int id(String text) {
        Integer id = ids.get(text);
        return id == null ? -1 : id;
    }

    /** The id of the byte-fallback token {@code <0xNN>} for each byte, -1 where missing. */
    int[] byteTokenIds() {
        int[] out = new int[256];
        for (int b = 0; b < 256; b++) {
            out[b] = id(String.format("<0x%02X>", b));
        }
        return out;
    }
}

package dev.sparkllm.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;

/**
 * llama.cpp's {@code tokenizer.ggml.pre} names and the split regexes it applies for them (each regex splits the
 * pieces of the previous one, keeping unmatched text), followed by the byte-level mapping.
 */
final class GgufPreTokenizers {
    static final String LLAMA3 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN2 = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private GgufPreTokenizers() {
    }

    /** Regexes for a {@code pre} name; unknown names are an error that names the value. */
    static List<String> regexes(String pre, String where) {
        return switch (pre) {
            case "default" -> List.of("[\\p{P}\\$\\+<=>\\^~\\|]+",
                    "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)",
                    "\\p{N}+", "[0-9][0-9][0-9]");
            case "llama3", "llama-v3", "llama-bpe", "falcon3" -> List.of(LLAMA3);
            case "qwen2", "deepseek-r1-qwen" -> List.of(QWEN2);
            case "gpt2", "gpt-2", "phi-2", "jina-es", "jina-de", "jina-v1-en", "jina-v2-es", "jina-v2-de",
                 "jina-v2-code", "roberta-bpe", "mpt", "olmo" -> List.of(PreTokenizer.GPT2_REGEX);
            case "starcoder", "refact", "command-r", "smollm", "codeshell", "exaone", "minerva-7b" ->
                    List.of("\\p{N}", PreTokenizer.GPT2_REGEX);
            default -> throw new TokenizerException("unsupported tokenizer.ggml.pre \"" + pre + "\" in " + where);
        };
    }

    /** llama.cpp skips merging for words already in the vocabulary only for Llama 3 style tokenizers. */
    static boolean ignoresMerges(String pre) {
        return switch (pre) {
            case "llama3", "llama-v3", "llama-bpe", "falcon3" -> true;
            default -> false;
        };
    }

    static PreTokenizer forName(String pre, String where) {
        List<PreTokenizer> steps = new ArrayList<>();
        for (String regex : regexes(pre, where)) {
            steps.add(new SplitPreTokenizer(TextPattern.regex(regex, where).pattern(),
                    SplitPreTokenizer.Behavior.ISOLATED, false));
        }
        steps.add(PreTokenizer.byteLevel(false, false, where));
        return PreTokenizer.sequence(steps);
    }
}

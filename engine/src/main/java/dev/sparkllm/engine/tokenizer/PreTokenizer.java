package dev.sparkllm.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@code tokenizer.json} pre-tokenizer: splits a normalized segment into the pieces BPE runs on. */
@FunctionalInterface
interface PreTokenizer {
    PreTokenizer NONE = (piece, atStart, out) -> out.add(piece);

    /** GPT-2's split regex; HF's ByteLevel pre-tokenizer uses it when {@code use_regex} is true. */
    String GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

    /**
     * Appends the pieces of {@code piece} to {@code out}. {@code atStart} tells whether the piece begins the whole
     * input (offset 0), which Metaspace's {@code prepend_scheme: first} depends on.
     */
    void split(String piece, boolean atStart, List<String> out);

    default List<String> splitAll(String segment, boolean atStart) {
        List<String> out = new ArrayList<>();
        split(segment, atStart, out);
        return out;
    }

    static PreTokenizer sequence(List<PreTokenizer> steps) {
        return (piece, atStart, out) -> {
            List<String> pieces = List.of(piece);
            for (PreTokenizer step : steps) {
                List<String> next = new ArrayList<>();
                for (int i = 0; i < pieces.size(); i++) {
                    step.split(pieces.get(i), atStart && i == 0, next);
                }
                pieces = next;
            }
            out.addAll(pieces);
        };
    }

    static PreTokenizer fromJson(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return NONE;
        }
        String type = JsonFields.type(node, "pre_tokenizer", where);
        return switch (type) {
            case "Sequence" -> {
                List<PreTokenizer> steps = new ArrayList<>();
                for (JsonNode n : JsonFields.array(node.get("pretokenizers"), "pretokenizers", where)) {
                    steps.add(fromJson(n, where));
                }
                yield sequence(steps);
            }
            case "Split" -> new SplitPreTokenizer(TextPattern.fromJson(node.get("pattern"), where).pattern(),
                    SplitPreTokenizer.Behavior.fromJson(node.path("behavior").asText("Isolated"), where),
                    node.path("invert").asBoolean(false));
            case "ByteLevel" -> byteLevel(node.path("add_prefix_space").asBoolean(false),
                    node.path("use_regex").asBoolean(true), where);
            case "Metaspace" -> metaspace(node, where);
            case "Digits" -> new SplitPreTokenizer(TextPattern.regex(
                    node.path("individual_digits").asBoolean(false) ? "\\p{N}" : "\\p{N}+", where).pattern(),
                    SplitPreTokenizer.Behavior.ISOLATED, false);
            case "Whitespace" -> new SplitPreTokenizer(TextPattern.regex("\\w+|[^\\w\\s]+", where).pattern(),
                    SplitPreTokenizer.Behavior.REMOVED, true);
            case "WhitespaceSplit" -> new SplitPreTokenizer(TextPattern.regex("\\s+", where).pattern(),
                    SplitPreTokenizer.Behavior.REMOVED, false);
            case "Punctuation" -> new SplitPreTokenizer(TextPattern.regex("\\p{P}", where).pattern(),
                    SplitPreTokenizer.Behavior.fromJson(node.path("behavior").asText("Isolated"), where), false);
            default -> throw JsonFields.unsupported("pre_tokenizer", type, where);
        };
    }

    /** Byte-level: optional GPT-2 regex split, then every byte becomes one alphabet character. */
    static PreTokenizer byteLevel(boolean addPrefixSpace, boolean useRegex, String where) {
        PreTokenizer regex = useRegex ? new SplitPreTokenizer(TextPattern.regex(GPT2_REGEX, where).pattern(),
                SplitPreTokenizer.Behavior.ISOLATED, false) : NONE;
        return (piece, atStart, out) -> {
            String text = addPrefixSpace && !piece.startsWith(" ") ? " " + piece : piece;
            for (String p : regex.splitAll(text, atStart)) {
                out.add(ByteLevelAlphabet.encode(p));
            }
        };
    }

    private static PreTokenizer metaspace(JsonNode node, String where) {
        String replacement = node.path("replacement").asText("\u2581");
        String scheme = node.has("prepend_scheme") ? node.get("prepend_scheme").asText().toLowerCase(Locale.ROOT)
                : node.path("add_prefix_space").asBoolean(true) ? "always" : "never";
        if (!scheme.equals("always") && !scheme.equals("first") && !scheme.equals("never")) {
            throw new TokenizerException("unsupported Metaspace prepend_scheme \"" + scheme + "\" in " + where);
        }
        boolean split = node.path("split").asBoolean(true);
        PreTokenizer splitter = split ? new SplitPreTokenizer(
                java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(replacement)),
                SplitPreTokenizer.Behavior.MERGED_WITH_NEXT, false) : NONE;
        return (piece, atStart, out) -> {
            String text = piece.replace(" ", replacement);
            boolean prepend = scheme.equals("always") || (scheme.equals("first") && atStart);
            if (prepend && !text.startsWith(replacement)) {
                text = replacement + text;
            }
            splitter.split(text, atStart, out);
        };
    }
}

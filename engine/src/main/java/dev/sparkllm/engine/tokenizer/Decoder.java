package dev.sparkllm.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code tokenizer.json} decoder. Like HF's {@code decode_chain}, each step maps the list of token strings to a new
 * list, and the final list is concatenated.
 */
@FunctionalInterface
interface Decoder {
    List<String> decodeChain(List<String> tokens);

    default String decode(List<String> tokens) {
        return String.join("", decodeChain(tokens));
    }

    static Decoder fromJson(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            // HF joins tokens with spaces when there is no decoder.
            return tokens -> List.of(String.join(" ", tokens));
        }
        String type = JsonFields.type(node, "decoder", where);
        return switch (type) {
            case "Sequence" -> {
                List<Decoder> steps = new ArrayList<>();
                for (JsonNode n : JsonFields.array(node.get("decoders"), "decoders", where)) {
                    steps.add(fromJson(n, where));
                }
                yield sequence(steps);
            }
            case "ByteLevel" -> byteLevel();
            case "ByteFallback" -> byteFallback();
            case "Fuse" -> tokens -> List.of(String.join("", tokens));
            case "Strip" -> strip(JsonFields.text(node, "content", where), node.path("start").asInt(0),
                    node.path("stop").asInt(0));
            case "Replace" -> {
                TextPattern pattern = TextPattern.fromJson(node.get("pattern"), where);
                String content = JsonFields.text(node, "content", where);
                yield tokens -> tokens.stream().map(t -> pattern.replaceAll(t, content)).toList();
            }
            case "Metaspace" -> metaspace(node.path("replacement").asText("\u2581"),
                    !"never".equalsIgnoreCase(node.path("prepend_scheme").asText(
                            node.path("add_prefix_space").asBoolean(true) ? "always" : "never")));
            default -> throw JsonFields.unsupported("decoder", type, where);
        };
    }

    static Decoder sequence(List<Decoder> steps) {
        return tokens -> {
            for (Decoder step : steps) {
                tokens = step.decodeChain(tokens);
            }
            return tokens;
        };
    }

    /**
     * Byte-level: every character stands for one byte; a token with a character outside the alphabet (an added token
     * like {@code <think>} written in plain text) contributes its own UTF-8 bytes. The whole output is decoded at once
     * with one U+FFFD per maximal invalid sequence.
     */
    static Decoder byteLevel() {
        return tokens -> {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            for (String t : tokens) {
                byte[] own = new byte[t.length()];
                boolean inAlphabet = true;
                for (int i = 0; i < t.length() && inAlphabet; i++) {
                    int b = ByteLevelAlphabet.byteOf(t.charAt(i));
                    inAlphabet = b >= 0;
                    own[i] = (byte) b;
                }
                byte[] use = inAlphabet ? own : t.getBytes(StandardCharsets.UTF_8);
                bytes.write(use, 0, use.length);
            }
            return List.of(Utf8.decodeLossy(bytes));
        };
    }

    /** {@code <0xNN>} runs become their UTF-8 text, or one U+FFFD per byte token if the run is not valid UTF-8. */
    static Decoder byteFallback() {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            ByteArrayOutputStream run = new ByteArrayOutputStream();
            int runTokens = 0;
            for (String t : tokens) {
                int b = byteTokenValue(t);
                if (b >= 0) {
                    run.write(b);
                    runTokens++;
                    continue;
                }
                runTokens = flushRun(run, runTokens, out);
                out.add(t);
            }
            flushRun(run, runTokens, out);
            return out;
        };
    }

    private static int flushRun(ByteArrayOutputStream run, int runTokens, List<String> out) {
        if (runTokens > 0) {
            byte[] b = run.toByteArray();
            out.add(Utf8.isValid(b, b.length) ? new String(b, StandardCharsets.UTF_8)
                    : String.valueOf(Utf8.REPLACEMENT).repeat(runTokens));
            run.reset();
        }
        return 0;
    }

    /** The byte of a {@code <0xNN>} token, or -1. */
    static int byteTokenValue(String token) {
        if (token.length() != 6 || !token.startsWith("<0x") || token.charAt(5) != '>') {
            return -1;
        }
        try {
            return Integer.parseInt(token.substring(3, 5), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** Removes up to {@code start} leading and {@code stop} trailing {@code content} characters from each token. */
    static Decoder strip(String content, int start, int stop) {
        return tokens -> tokens.stream().map(t -> {
            int from = 0;
            int to = t.length();
            while (from < start && from < to && t.startsWith(content, from)) {
                from += content.length();
            }
            for (int i = 0; i < stop && to > from && t.startsWith(content, to - content.length()); i++) {
                to -= content.length();
            }
            return t.substring(from, to);
        }).toList();
    }

    private static Decoder metaspace(String replacement, boolean stripFirst) {
        return tokens -> {
            List<String> out = new ArrayList<>(tokens.size());
            for (int i = 0; i < tokens.size(); i++) {
                String t = tokens.get(i).replace(replacement, " ");
                if (i == 0 && stripFirst && t.startsWith(" ")) {
                    t = t.substring(1);
                }
                out.add(t);
            }
            return out;
        };
    }
}

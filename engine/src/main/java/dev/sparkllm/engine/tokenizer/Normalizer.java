package dev.sparkllm.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A {@code tokenizer.json} normalizer: rewrites one text segment before pre-tokenization. */
@FunctionalInterface
interface Normalizer {
    Normalizer IDENTITY = s -> s;

    String normalize(String text);

    /** Builds the normalizer {@code node} declares; {@code where} names the file for error messages. */
    static Normalizer fromJson(JsonNode node, String where) {
        if (node == null || node.isNull()) {
            return IDENTITY;
        }
        String type = JsonFields.type(node, "normalizer", where);
        return switch (type) {
            case "NFC" -> s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFC);
            case "NFD" -> s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD);
            case "NFKC" -> s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKC);
            case "NFKD" -> s -> java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFKD);
            case "Lowercase" -> s -> s.toLowerCase(Locale.ROOT);
            case "StripAccents" -> s -> s.replaceAll("\\p{Mn}", "");
            case "Strip" -> strip(node.path("left").asBoolean(true), node.path("right").asBoolean(true));
            case "Prepend" -> prepend(JsonFields.text(node, "prepend", where));
            case "Replace" -> {
                TextPattern pattern = TextPattern.fromJson(node.get("pattern"), where);
                String content = JsonFields.text(node, "content", where);
                yield s -> pattern.replaceAll(s, content);
            }
            case "Sequence" -> sequence(node.get("normalizers"), where);
            default -> throw JsonFields.unsupported("normalizer", type, where);
        };
    }

    private static Normalizer prepend(String prefix) {
        // HF prepends only to non-empty segments, so text right after a special token still gets the prefix.
        return s -> s.isEmpty() ? s : prefix + s;
    }

    private static Normalizer strip(boolean left, boolean right) {
        return s -> {
            int start = 0;
            int end = s.length();
            while (left && start < end && Character.isWhitespace(s.codePointAt(start))) {
                start += Character.charCount(s.codePointAt(start));
            }
            while (right && end > start && Character.isWhitespace(s.codePointBefore(end))) {
                end -= Character.charCount(s.codePointBefore(end));
            }
            return s.substring(start, end);
        };
    }

    private static Normalizer sequence(JsonNode list, String where) {
        List<Normalizer> steps = new ArrayList<>();
        for (JsonNode n : JsonFields.array(list, "normalizers", where)) {
            steps.add(fromJson(n, where));
        }
        return s -> {
            for (Normalizer step : steps) {
                s = step.normalize(s);
            }
            return s;
        };
    }
}

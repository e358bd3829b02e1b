package dev.sparkllm.engine.tokenizer;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A {@code tokenizer.json} pattern: {@code {"String": "..."}} (literal) or {@code {"Regex": "..."}}. */
record TextPattern(Pattern pattern) {

    static TextPattern fromJson(JsonNode node, String where) {
        if (node != null && node.hasNonNull("String")) {
            return new TextPattern(Pattern.compile(Pattern.quote(node.get("String").asText())));
        }
        if (node != null && node.hasNonNull("Regex")) {
            return regex(node.get("Regex").asText(), where);
        }
        throw new TokenizerException("pattern " + node + " in " + where + " is neither {String} nor {Regex}");
    }

    /** Compiles an Oniguruma-style regex: {@code \s}, {@code \w} and case folding are Unicode-aware there. */
    static TextPattern regex(String regex, String where) {
        try {
            return new TextPattern(Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS));
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new TokenizerException("regex " + regex + " in " + where + " does not compile: "
                    + e.getDescription(), e);
        }
    }

    String replaceAll(String text, String replacement) {
        return pattern.matcher(text).replaceAll(Matcher.quoteReplacement(replacement));
    }
}

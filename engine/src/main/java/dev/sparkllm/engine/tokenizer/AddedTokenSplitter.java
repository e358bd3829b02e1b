package dev.sparkllm.engine.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Cuts text at added-token occurrences (leftmost match, longest token at a position, like HF's Aho-Corasick). */
final class AddedTokenSplitter {
    /** A piece of input: either plain text ({@code id < 0}) or an added token. {@code start} is its char offset. */
    record Segment(String text, int id, int start) {
        boolean isToken() {
            return id >= 0;
        }
    }

    private final Map<Character, List<AddedToken>> byFirstChar = new HashMap<>();

    AddedTokenSplitter(List<AddedToken> tokens) {
        for (AddedToken t : tokens) {
            if (!t.content().isEmpty()) {
                byFirstChar.computeIfAbsent(t.content().charAt(0), k -> new ArrayList<>()).add(t);
            }
        }
        byFirstChar.values().forEach(l -> l.sort(Comparator.comparingInt((AddedToken t) -> t.content().length())
                .reversed()));
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    /** Splits {@code text} (starting at {@code offset} of the input); special tokens match only if allowed. */
    List<Segment> split(String text, int offset, boolean matchSpecial) {
        List<Segment> out = new ArrayList<>();
        int textStart = 0;
        int i = 0;
        while (i < text.length()) {
            AddedToken t = match(text, i, matchSpecial);
            if (t == null) {
                i++;
                continue;
            }
            int start = i;
            int end = i + t.content().length();
            if (t.lstrip()) {
                while (start > textStart && Character.isWhitespace(text.charAt(start - 1))) {
                    start--;
                }
            }
            if (t.rstrip()) {
                while (end < text.length() && Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
            }
            if (start > textStart) {
                out.add(new Segment(text.substring(textStart, start), -1, offset + textStart));
            }
            out.add(new Segment(t.content(), t.id(), offset + start));
            textStart = end;
            i = end;
        }
        if (textStart < text.length()) {
            out.add(new Segment(text.substring(textStart), -1, offset + textStart));
        }
        return out;
    }

    private AddedToken match(String text, int at, boolean matchSpecial) {
        List<AddedToken> candidates = byFirstChar.get(text.charAt(at));
        if (candidates == null) {
            return null;
        }
        for (AddedToken t : candidates) {
            if ((matchSpecial || !t.special()) && text.startsWith(t.content(), at)
                    && (!t.singleWord() || isWordBoundary(text, at, at + t.content().length()))) {
                return t;
            }
        }
        return null;
    }

    private static boolean isWordBoundary(String text, int start, int end) {
        return (start == 0 || !isWordChar(text.codePointBefore(start)))
                && (end == text.length() || !isWordChar(text.codePointAt(end)));
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }
}

package dev.sparkllm.engine.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HF's {@code Split} pre-tokenizer: cut at regex matches and treat the matches as {@link Behavior} says. */
final class SplitPreTokenizer implements PreTokenizer {
    enum Behavior {
        REMOVED, ISOLATED, MERGED_WITH_PREVIOUS, MERGED_WITH_NEXT, CONTIGUOUS;

        static Behavior fromJson(String name, String where) {
            return switch (name) {
                case "Removed" -> REMOVED;
                case "Isolated" -> ISOLATED;
                case "MergedWithPrevious" -> MERGED_WITH_PREVIOUS;
                case "MergedWithNext" -> MERGED_WITH_NEXT;
                case "Contiguous" -> CONTIGUOUS;
                default -> throw new TokenizerException("unsupported Split behavior \"" + name + "\" in " + where);
            };
        }
    }

    private final Pattern pattern;
    private final Behavior behavior;
    private final boolean invert;

    SplitPreTokenizer(Pattern pattern, Behavior behavior, boolean invert) {
        this.pattern = pattern;
        this.behavior = behavior;
        this.invert = invert;
    }

    @Override
    public void split(String piece, boolean atStart, List<String> out) {
        List<String> parts = new ArrayList<>();
        List<Boolean> isDelimiter = new ArrayList<>();
        Matcher m = pattern.matcher(piece);
        int last = 0;
        while (m.find()) {
            if (m.end() == m.start()) {
                continue;
            }
            if (m.start() > last) {
                parts.add(piece.substring(last, m.start()));
                isDelimiter.add(invert);
            }
            parts.add(m.group());
            isDelimiter.add(!invert);
            last = m.end();
        }
        if (last < piece.length()) {
            parts.add(piece.substring(last));
            isDelimiter.add(invert);
        }
        combine(parts, isDelimiter, out);
    }

    // Follows HF's fold over (part, isMatch): a delimiter merges into its neighbour unless that is a delimiter too.
    private void combine(List<String> parts, List<Boolean> isDelimiter, List<String> out) {
        int n = parts.size();
        switch (behavior) {
            case REMOVED -> {
                for (int i = 0; i < n; i++) {
                    if (!isDelimiter.get(i)) {
                        out.add(parts.get(i));
                    }
                }
            }
            case ISOLATED -> out.addAll(parts);
            case MERGED_WITH_PREVIOUS -> {
                List<String> acc = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (isDelimiter.get(i) && i > 0 && !isDelimiter.get(i - 1)) {
                        acc.set(acc.size() - 1, acc.get(acc.size() - 1) + parts.get(i));
                    } else {
                        acc.add(parts.get(i));
                    }
                }
                out.addAll(acc);
            }
            case MERGED_WITH_NEXT -> {
                java.util.ArrayDeque<String> acc = new java.util.ArrayDeque<>();
                for (int i = n - 1; i >= 0; i--) {
                    if (isDelimiter.get(i) && i + 1 < n && !isDelimiter.get(i + 1)) {
                        acc.addFirst(parts.get(i) + acc.removeFirst());
                    } else {
                        acc.addFirst(parts.get(i));
                    }
                }
                out.addAll(acc);
            }
            case CONTIGUOUS -> {
                List<String> acc = new ArrayList<>();
                for (int i = 0; i < n; i++) {
                    if (isDelimiter.get(i) && i > 0 && isDelimiter.get(i - 1)) {
                        acc.set(acc.size() - 1, acc.get(acc.size() - 1) + parts.get(i));
                    } else {
                        acc.add(parts.get(i));
                    }
                }
                out.addAll(acc);
            }
            default -> throw new IllegalStateException(behavior.name());
        }
    }
}

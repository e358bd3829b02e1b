package dev.sparkllm.engine.tokenizer;

/**
 * Rewrites the Python-Jinja constructs of HF chat templates that Jinjava parses differently, before Jinjava sees
 * them: the reversing slice {@code x[::-1]}, named {@code namespace(...)} arguments whose values contain operators
 * (Jinjava binds {@code b=xs|length - 1} as {@code (b=xs|length) - 1}), and Jinja's removal of one trailing newline.
 */
final class JinjaSourceRewriter {
    private JinjaSourceRewriter() {
    }

    static String rewrite(String source) {
        String s = source.endsWith("\n") ? source.substring(0, source.length() - 1) : source;
        s = s.replace("[::-1]", "|reverse|list");
        return parenthesizeNamespaceArguments(s);
    }

    private static String parenthesizeNamespaceArguments(String s) {
        StringBuilder out = new StringBuilder(s.length() + 16);
        int from = 0;
        while (true) {
            int call = s.indexOf("namespace(", from);
            if (call < 0 || (call > 0 && Character.isJavaIdentifierPart(s.charAt(call - 1)))) {
                if (call < 0) {
                    return out.append(s, from, s.length()).toString();
                }
                out.append(s, from, call + 1);
                from = call + 1;
                continue;
            }
            int open = call + "namespace(".length();
            int close = matchingParen(s, open);
            if (close < 0) {
                return out.append(s, from, s.length()).toString();
            }
            out.append(s, from, open);
            String sep = "";
            for (String arg : splitTopLevel(s.substring(open, close))) {
                int eq = namedArgumentEquals(arg);
                out.append(sep).append(eq < 0 ? arg : arg.substring(0, eq + 1) + "(" + arg.substring(eq + 1) + ")");
                sep = ",";
            }
            out.append(')');
            from = close + 1;
        }
    }

    /** Index of the {@code =} of {@code name=value}, or -1 ({@code ==} is a comparison, not a name). */
    private static int namedArgumentEquals(String arg) {
        String t = arg.stripLeading();
        int lead = arg.length() - t.length();
        int i = 0;
        while (i < t.length() && Character.isJavaIdentifierPart(t.charAt(i))) {
            i++;
        }
        while (i < t.length() && t.charAt(i) == ' ') {
            i++;
        }
        boolean named = i > 0 && i < t.length() && t.charAt(i) == '=' && (i + 1 >= t.length() || t.charAt(i + 1) != '=');
        return named ? lead + i : -1;
    }

    private static int matchingParen(String s, int from) {
        int depth = 1;
        char quote = 0;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    private static java.util.List<String> splitTopLevel(String args) {
        java.util.List<String> out = new java.util.ArrayList<>();
        int start = 0;
        int i = 0;
        while (i < args.length()) {
            char c = args.charAt(i);
            if (c == '(' || c == '[' || c == '{' || c == '\'' || c == '"') {
                int end = c == '\'' || c == '"' ? args.indexOf(c, i + 1) : matchingParen(args, i + 1);
                i = end < 0 ? args.length() : end + 1;
                continue;
            }
            if (c == ',') {
                out.add(args.substring(start, i));
                start = i + 1;
            }
            i++;
        }
        if (start < args.length() || !out.isEmpty()) {
            out.add(args.substring(start));
        }
        return out;
    }
}

package dev.sparkllm.engine.tokenizer;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.filter.Filter;
import java.util.Map;

/**
 * The {@code tojson} filter as transformers defines it ({@code json.dumps(x, ensure_ascii=False)}): Python's
 * {@code ", "} and {@code ": "} separators and non-ASCII text kept as is; an integer argument is the indent.
 */
final class PythonJson implements Filter {

    @Override
    public String getName() {
        return "tojson";
    }

    @Override
    public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
        int indent = -1;
        for (String a : args) {
            String v = a.startsWith("indent=") ? a.substring("indent=".length()) : a;
            if (v.matches("\\d+")) {
                indent = Integer.parseInt(v);
            }
        }
        StringBuilder sb = new StringBuilder();
        write(var, indent, 0, sb);
        return sb.toString();
    }

    static void write(Object v, int indent, int depth, StringBuilder sb) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Boolean || v instanceof Number) {
            sb.append(v);
        } else if (v instanceof Map<?, ?> map) {
            container(map.entrySet(), '{', '}', indent, depth, sb, (e, out) -> {
                string(String.valueOf(((Map.Entry<?, ?>) e).getKey()), out);
                out.append(": ");
                write(((Map.Entry<?, ?>) e).getValue(), indent, depth + 1, out);
            });
        } else if (v instanceof Iterable<?> list) {
            container(list, '[', ']', indent, depth, sb, (e, out) -> write(e, indent, depth + 1, out));
        } else {
            string(v.toString(), sb);
        }
    }

    private static void container(Iterable<?> items, char open, char close, int indent, int depth, StringBuilder sb,
                                  java.util.function.BiConsumer<Object, StringBuilder> item) {
        sb.append(open);
        boolean first = true;
        for (Object e : items) {
            sb.append(first ? "" : indent >= 0 ? "," : ", ");
            if (indent >= 0) {
                sb.append('\n').append(" ".repeat(indent * (depth + 1)));
            }
            item.accept(e, sb);
            first = false;
        }
        if (indent >= 0 && !first) {
            sb.append('\n').append(" ".repeat(indent * depth));
        }
        sb.append(close);
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

package dev.sparkllm.spark.docs;

import java.util.ArrayList;
import java.util.List;

/** A fenced code block of a Markdown page: its info string ({@code sql}, {@code java}, …), text and first line. */
record CodeBlock(String lang, String text, int line) {

    static List<CodeBlock> parse(String markdown) {
        List<CodeBlock> out = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            if (!l.startsWith("```")) continue;
            String lang = l.substring(3).strip();
            StringBuilder body = new StringBuilder();
            int start = i + 1;
            for (i++; i < lines.length && !lines[i].strip().equals("```"); i++) body.append(lines[i]).append('\n');
            if (i == lines.length) throw new IllegalArgumentException("unclosed code block at line " + start);
            out.add(new CodeBlock(lang, body.toString(), start));
        }
        return out;
    }

    /** Shell lines with backslash continuations joined. */
    List<String> commands() {
        List<String> out = new ArrayList<>();
        for (String c : text.replace("\\\n", " ").split("\n")) if (!c.isBlank()) out.add(c.strip());
        return out;
    }

    /** SQL statements: the text split at semicolons that end a line. */
    List<String> statements() {
        List<String> out = new ArrayList<>();
        for (String s : text.split(";\\s*(\n|$)")) if (!s.isBlank()) out.add(s.strip());
        return out;
    }
}

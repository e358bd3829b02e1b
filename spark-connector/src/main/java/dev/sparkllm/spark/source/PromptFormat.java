package dev.sparkllm.spark.source;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How one prompt file is read. Arrow IPC data is recognised by its first bytes, whatever the file's name or the
 * {@code prompt_format} option: the file format starts with {@code ARROW1} and two zero bytes, the stream format with
 * the continuation marker {@code 0xFFFFFFFF}; no UTF-8 text starts like either (0xFF and NUL do not occur in text), so
 * a text file is never taken for Arrow. A file the option or its name calls Arrow but whose bytes are not is refused
 * rather than guessed at (a pre-2019 stream without the marker would make Arrow read its first bytes as a length).
 * Other files are JSON lines or text by the option, else by their name.
 */
enum PromptFormat {
    JSON_LINES, TEXT, ARROW_FILE, ARROW_STREAM;

    /** Bytes of a file's head that {@link #of} looks at. */
    static final int HEAD_BYTES = 8;
    private static final byte[] FILE_MAGIC = {'A', 'R', 'R', 'O', 'W', '1', 0, 0};
    private static final byte[] STREAM_MARKER = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    private static final List<String> ARROW_ENDINGS = List.of(".arrow", ".arrows", ".feather", ".ipc");
    private static final List<String> JSON_ENDINGS = List.of(".jsonl", ".json", ".ndjson");

    /**
     * @param head   the file's first bytes (fewer than {@link #HEAD_BYTES} for a short file)
     * @param option the {@code prompt_format} option ({@code jsonl}, {@code text}, {@code arrow}), or null
     */
    static PromptFormat of(String file, byte[] head, String option) {
        if (startsWith(head, FILE_MAGIC)) return ARROW_FILE;
        if (startsWith(head, STREAM_MARKER)) return ARROW_STREAM;
        String name = file.toLowerCase(Locale.ROOT);
        if ("arrow".equals(option) || option == null && ARROW_ENDINGS.stream().anyMatch(name::endsWith)) {
            throw new IllegalArgumentException("sparkllm prompt file " + file + " is not Arrow IPC data: it starts with"
                + " neither \"ARROW1\" (file format) nor 0xFFFFFFFF (stream format)");
        }
        if (option != null) return option.equals("jsonl") ? JSON_LINES : TEXT;
        return JSON_ENDINGS.stream().anyMatch(name::endsWith) ? JSON_LINES : TEXT;
    }

    private static boolean startsWith(byte[] head, byte[] prefix) {
        return head.length >= prefix.length && Arrays.equals(head, 0, prefix.length, prefix, 0, prefix.length);
    }
}

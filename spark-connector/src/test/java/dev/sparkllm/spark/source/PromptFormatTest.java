package dev.sparkllm.spark.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which reader a prompt file gets: Arrow by its first bytes, else by the option, else by its name. */
class PromptFormatTest {
    private static final byte[] FILE_HEAD = {'A', 'R', 'R', 'O', 'W', '1', 0, 0};
    private static final byte[] STREAM_HEAD = {-1, -1, -1, -1, 0x10, 0, 0, 0};
    private static final byte[] TEXT_HEAD = "{\"prompt".getBytes(StandardCharsets.UTF_8);

    @Test
    void arrowIsKnownByItsFirstBytesWhateverTheNameOrOption() {
        assertEquals(PromptFormat.ARROW_FILE, PromptFormat.of("p.txt", FILE_HEAD, null));
        assertEquals(PromptFormat.ARROW_FILE, PromptFormat.of("p.jsonl", FILE_HEAD, "jsonl"));
        assertEquals(PromptFormat.ARROW_STREAM, PromptFormat.of("part-0", STREAM_HEAD, "text"));
        assertEquals(PromptFormat.ARROW_STREAM, PromptFormat.of("p.feather", STREAM_HEAD, null));
    }

    @Test
    void textIsNeverTakenForArrow() {
        assertEquals(PromptFormat.TEXT, PromptFormat.of("p.txt", "ARROW1 is a prompt".getBytes(StandardCharsets.UTF_8), null));
        assertEquals(PromptFormat.TEXT, PromptFormat.of("p.txt", new byte[] {'A', 'R'}, null), "a file shorter than the magic");
        assertEquals(PromptFormat.JSON_LINES, PromptFormat.of("p.ndjson", TEXT_HEAD, null));
        assertEquals(PromptFormat.JSON_LINES, PromptFormat.of("p.txt", TEXT_HEAD, "jsonl"));
        assertEquals(PromptFormat.TEXT, PromptFormat.of("p.JSONL", TEXT_HEAD, "text"));
    }

    @Test
    void aFileCalledArrowThatIsNotIsRefused() {
        for (String name : new String[] {"p.arrow", "p.arrows", "p.feather", "p.IPC"}) {
            Exception e = assertThrows(IllegalArgumentException.class, () -> PromptFormat.of(name, TEXT_HEAD, null));
            assertTrue(e.getMessage().contains(name) && e.getMessage().contains("not Arrow IPC data"), e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> PromptFormat.of("p.txt", TEXT_HEAD, "arrow"));
        assertThrows(IllegalArgumentException.class, () -> PromptFormat.of("empty.arrow", new byte[0], null));
        assertEquals(PromptFormat.TEXT, PromptFormat.of("p.arrow", TEXT_HEAD, "text"), "the option says how to read non-Arrow bytes");
    }

    @Test
    void theOptionAcceptsArrow(@TempDir Path dir) throws Exception {
        assertEquals("arrow", SourceOptions.from(Map.of("path", "x", "prompt_format", " Arrow ")).promptFormat());
        Exception e = assertThrows(IllegalArgumentException.class, () -> SourceOptions.from(Map.of("path", "x", "prompt_format", "csv")));
        assertTrue(e.getMessage().contains("jsonl, text or arrow"), e.getMessage());

        Path file = dir.resolve("prompts.txt");   // an Arrow stream under a text name, read as Arrow
        ArrowPromptFiles.writePromptTable(file, false, ArrowPromptFiles.SAMPLE.subList(0, 1), 1);
        assertEquals("hello", ArrowPromptsTest.read(file, Map.of()).get(0).getUTF8String(1).toString());
        Files.writeString(file, "hello\n");
        assertEquals("hello", ArrowPromptsTest.read(file, Map.of()).get(0).getUTF8String(1).toString());
    }
}

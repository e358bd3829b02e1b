package dev.sparkllm.spark.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.tokenizer.ChatMessage;
import dev.sparkllm.spark.CallInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.apache.arrow.vector.dictionary.Dictionary;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.catalyst.InternalRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Arrow IPC prompt files read without Spark: columns, options, bad rows and bad files. */
class ArrowPromptsTest {
    @TempDir
    Path dir;

    static List<InternalRow> read(Path file, Map<String, String> options) throws IOException {
        Map<String, String> all = new java.util.HashMap<>(options);
        all.put("path", file.toString());
        List<InternalRow> rows = new ArrayList<>();
        try (PromptRows prompts = PromptRows.open(file.toString(), SourceOptions.from(all), new Configuration())) {
            prompts.forEachRemaining(r -> rows.add(r.copy()));
        }
        return rows;
    }

    private static CallInput input(InternalRow row) {
        return (CallInput) row.get(LineCallInputs.FIELD, null);
    }

    private static String string(InternalRow row, int field) {
        return row.isNullAt(field) ? null : row.getUTF8String(field).toString();
    }

    @Test
    void fileAndStreamFormatsGiveTheRowsOfTheEquivalentJsonLines() throws IOException {
        Path jsonl = dir.resolve("same.jsonl");
        Files.writeString(jsonl, ArrowPromptFiles.SAMPLE_JSON_LINES);
        List<InternalRow> expected = read(jsonl, Map.of("temperature", "0"));
        for (boolean fileFormat : new boolean[] {true, false}) {
            Path arrow = dir.resolve(fileFormat ? "p.arrow" : "p.arrows");
            ArrowPromptFiles.writePromptTable(arrow, fileFormat, ArrowPromptFiles.SAMPLE, 2);   // three record batches
            List<InternalRow> rows = read(arrow, Map.of("temperature", "0"));
            assertEquals(expected.size(), rows.size());
            for (int i = 0; i < rows.size(); i++) {
                String where = arrow + " row " + i;
                for (int f = 0; f < LineCallInputs.FIELD; f++) assertEquals(string(expected.get(i), f), string(rows.get(i), f), where);
                CallInput want = input(expected.get(i));
                if (want.error() == null) assertEquals(want, input(rows.get(i)), where);
                else assertTrue(input(rows.get(i)).error() != null, where);
            }
        }
        List<InternalRow> rows = read(dir.resolve("p.arrow"), Map.of());
        assertEquals(List.of(new ChatMessage("system", "Be brief."), new ChatMessage("user", "Hi")), input(rows.get(1)).prompt().messages());
        assertEquals(Map.of(), input(rows.get(2)).options(), "a null cell sets no option");
    }

    @Test
    void compressedBatchesAreRead() throws IOException {
        for (CodecType codec : new CodecType[] {CodecType.LZ4_FRAME, CodecType.ZSTD}) {
            Path arrow = dir.resolve(codec + ".arrow");
            ArrowPromptFiles.writePromptTable(arrow, codec == CodecType.ZSTD, ArrowPromptFiles.SAMPLE, 4, codec);
            List<String> prompts = read(arrow, Map.of()).stream().map(r -> string(r, 1)).toList();
            assertEquals(Arrays.asList("hello", null, "no own max_tokens", null, null, null), prompts, codec.toString());
        }
    }

    @Test
    void badRowsBecomeErrorsNamingTheFileAndRow() throws IOException {
        Path arrow = dir.resolve("bad.arrow");
        ArrowPromptFiles.writePromptTable(arrow, true, ArrowPromptFiles.SAMPLE, 4);
        List<InternalRow> rows = read(arrow, Map.of());
        assertEquals(ArrowPromptFiles.SAMPLE.size(), rows.size(), "every row yields one row");
        assertError(rows.get(3), "4", "row 4 of " + arrow + " needs exactly one of \"prompt\" and \"messages\"");
        assertEquals(Map.of("max_tokens", "5"), input(rows.get(3)).options(), "an error row keeps its options (on_error, model)");
        assertError(rows.get(4), "5", "row 5 of " + arrow + " has a \"messages\" entry 1 without a role");
        assertError(rows.get(5), null, "row 6 of " + arrow + " needs exactly one of");
    }

    private static void assertError(InternalRow row, String id, String expected) {
        assertEquals(id, string(row, 0));
        assertNull(string(row, 1));
        assertNull(string(row, 2));
        String error = input(row).error();
        assertTrue(error != null && error.startsWith(expected), error);
    }

    @Test
    void aFileWithoutPromptColumnsIsRefusedWithItsColumnsNamed() throws IOException {
        Path arrow = dir.resolve("questions.arrows");
        ArrowPromptFiles.writeStringColumn(arrow, false, "question", "Why?");
        Exception e = assertThrows(IllegalArgumentException.class, () -> read(arrow, Map.of()));
        assertTrue(e.getMessage().contains(arrow.toString()) && e.getMessage().contains("neither a \"prompt\" nor a \"messages\"")
            && e.getMessage().contains("its columns are: question: Utf8"), e.getMessage());
    }

    @Test
    void aPromptColumnOfNumbersIsRefused() throws IOException {
        Path arrow = dir.resolve("numbers.arrows");
        try (BufferAllocator allocator = new RootAllocator(); IntVector prompt = new IntVector("prompt", allocator)) {
            prompt.setSafe(0, 7);
            prompt.setValueCount(1);
            writeColumns(arrow, List.of(prompt), null);
        }
        Exception e = assertThrows(IllegalArgumentException.class, () -> read(arrow, Map.of()));
        assertTrue(e.getMessage().contains("column \"prompt\" of the Arrow prompt file " + arrow + " must hold strings"), e.getMessage());
    }

    @Test
    void dictionaryEncodedColumnsAreDecoded() throws IOException {
        Path arrow = dir.resolve("categorical.arrow");
        try (BufferAllocator allocator = new RootAllocator();
             VarCharVector values = new VarCharVector("prompt-values", allocator);
             VarCharVector prompts = new VarCharVector("prompt", allocator)) {
            for (int i = 0; i < 2; i++) values.setSafe(i, (i == 0 ? "same" : "other").getBytes(StandardCharsets.UTF_8));
            values.setValueCount(2);
            for (int i = 0; i < 3; i++) prompts.setSafe(i, (i == 1 ? "other" : "same").getBytes(StandardCharsets.UTF_8));
            prompts.setValueCount(3);
            Dictionary dictionary = new Dictionary(values, new DictionaryEncoding(1L, false, null));
            try (FieldVector encoded = (FieldVector) DictionaryEncoder.encode(prompts, dictionary)) {
                writeColumns(arrow, List.of(encoded), new DictionaryProvider.MapDictionaryProvider(dictionary));
            }
        }
        List<String> prompts = read(arrow, Map.of()).stream().map(r -> string(r, 1)).toList();
        assertEquals(List.of("same", "other", "same"), prompts);
    }

    private static void writeColumns(Path file, List<FieldVector> columns, DictionaryProvider dictionaries) throws IOException {
        try (VectorSchemaRoot root = new VectorSchemaRoot(columns)) {
            ArrowPromptFiles.writeOneBatch(file, file.toString().endsWith(".arrow"), root, dictionaries);
        }
    }
}

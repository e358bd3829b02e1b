package dev.sparkllm.spark.source;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.impl.UnionListWriter;
import org.apache.arrow.vector.complex.writer.BaseWriter.StructWriter;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.compression.CompressionUtil.CodecType;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.ipc.ArrowFileWriter;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.arrow.vector.ipc.ArrowWriter;
import org.apache.arrow.vector.ipc.message.IpcOption;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Arrow IPC prompt files written with Arrow Java, laid out as PyArrow writes them. */
public final class ArrowPromptFiles {
    /**
     * A row of a table {@code (id int32, prompt utf8, messages list<struct<role, content>>, max_tokens int32)}; any
     * field may be null, and so may a message's role or content.
     */
    public record PromptRow(Integer id, String prompt, List<Message> messages, Integer maxTokens) { }

    public record Message(String role, String content) { }

    public static final Schema PROMPT_TABLE = new Schema(List.of(
        Field.nullable("id", new ArrowType.Int(32, true)),
        Field.nullable("prompt", ArrowType.Utf8.INSTANCE),
        new Field("messages", FieldType.nullable(ArrowType.List.INSTANCE), List.of(
            new Field("item", FieldType.nullable(ArrowType.Struct.INSTANCE), List.of(
                Field.nullable("role", ArrowType.Utf8.INSTANCE), Field.nullable("content", ArrowType.Utf8.INSTANCE))))),
        Field.nullable("max_tokens", new ArrowType.Int(32, true))));

    /** Good rows, then bad ones: no prompt, a message without a role, both kinds of prompt. */
    public static final List<PromptRow> SAMPLE = List.of(
        new PromptRow(1, "hello", null, 3),
        new PromptRow(2, null, List.of(new Message("system", "Be brief."), new Message("user", "Hi")), 2),
        new PromptRow(3, "no own max_tokens", null, null),
        new PromptRow(4, null, null, 5),
        new PromptRow(5, null, List.of(new Message(null, "who?")), null),
        new PromptRow(null, "both", List.of(new Message("user", "x")), null));

    /** {@link #SAMPLE} as JSON lines. */
    public static final String SAMPLE_JSON_LINES = String.join("\n",
        "{\"id\": 1, \"prompt\": \"hello\", \"max_tokens\": 3}",
        "{\"id\": 2, \"messages\": [{\"role\": \"system\", \"content\": \"Be brief.\"}, {\"role\": \"user\", \"content\": \"Hi\"}], \"max_tokens\": 2}",
        "{\"id\": 3, \"prompt\": \"no own max_tokens\"}",
        "{\"id\": 4, \"max_tokens\": 5}",
        "{\"id\": 5, \"messages\": [{\"content\": \"who?\"}]}",
        "{\"prompt\": \"both\", \"messages\": [{\"role\": \"user\", \"content\": \"x\"}]}") + "\n";

    private ArrowPromptFiles() { }

    /** {@code rows} as {@link #PROMPT_TABLE}, in record batches of {@code batchRows}. */
    public static void writePromptTable(Path file, boolean fileFormat, List<PromptRow> rows, int batchRows) throws IOException {
        writePromptTable(file, fileFormat, rows, batchRows, CodecType.NO_COMPRESSION);
    }

    /** The same, with the batches' buffers compressed by {@code codec}. */
    public static void writePromptTable(Path file, boolean fileFormat, List<PromptRow> rows, int batchRows, CodecType codec)
        throws IOException {
        try (BufferAllocator allocator = new RootAllocator();
             VectorSchemaRoot root = VectorSchemaRoot.create(PROMPT_TABLE, allocator)) {
            write(file, fileFormat, root, null, codec, writer -> {
                for (int start = 0; start < rows.size(); start += batchRows) {
                    fill(root, rows.subList(start, Math.min(rows.size(), start + batchRows)));
                    writeBatch(writer);
                }
            });
        }
    }

    /** A file of one {@code utf8} column, in one record batch. */
    public static void writeStringColumn(Path file, boolean fileFormat, String column, String... values) throws IOException {
        try (BufferAllocator allocator = new RootAllocator(); VarCharVector vector = new VarCharVector(column, allocator);
             VectorSchemaRoot root = VectorSchemaRoot.of(vector)) {
            for (int i = 0; i < values.length; i++) vector.setSafe(i, values[i].getBytes(StandardCharsets.UTF_8));
            root.setRowCount(values.length);
            writeOneBatch(file, fileFormat, root, null);
        }
    }

    /** {@code root}'s current contents as one record batch. */
    public static void writeOneBatch(Path file, boolean fileFormat, VectorSchemaRoot root, DictionaryProvider dictionaries)
        throws IOException {
        write(file, fileFormat, root, dictionaries, CodecType.NO_COMPRESSION, ArrowPromptFiles::writeBatch);
    }

    private static void write(Path file, boolean fileFormat, VectorSchemaRoot root, DictionaryProvider dictionaries,
                              CodecType codec, Consumer<ArrowWriter> batches) throws IOException {
        try (WritableByteChannel out = Channels.newChannel(Files.newOutputStream(file));
             ArrowWriter writer = fileFormat
                 ? new ArrowFileWriter(root, dictionaries, out, null, IpcOption.DEFAULT, CompressionCodec.Factory.INSTANCE, codec)
                 : new ArrowStreamWriter(root, dictionaries, out, IpcOption.DEFAULT, CompressionCodec.Factory.INSTANCE, codec)) {
            writer.start();
            batches.accept(writer);
            writer.end();
        }
    }

    private static void writeBatch(ArrowWriter writer) {
        try {
            writer.writeBatch();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void fill(VectorSchemaRoot root, List<PromptRow> rows) {
        root.allocateNew();
        IntVector id = (IntVector) root.getVector("id");
        VarCharVector prompt = (VarCharVector) root.getVector("prompt");
        IntVector maxTokens = (IntVector) root.getVector("max_tokens");
        UnionListWriter messages = ((ListVector) root.getVector("messages")).getWriter();
        for (int i = 0; i < rows.size(); i++) {
            PromptRow r = rows.get(i);
            if (r.id() != null) id.setSafe(i, r.id());
            if (r.prompt() != null) prompt.setSafe(i, r.prompt().getBytes(StandardCharsets.UTF_8));
            if (r.maxTokens() != null) maxTokens.setSafe(i, r.maxTokens());
            if (r.messages() != null) {
                messages.setPosition(i);
                messages.startList();
                for (Message m : r.messages()) {
                    StructWriter s = messages.struct();
                    s.start();
                    if (m.role() != null) s.varChar("role").writeVarChar(m.role());
                    if (m.content() != null) s.varChar("content").writeVarChar(m.content());
                    s.end();
                }
                messages.endList();
            }
        }
        root.setRowCount(rows.size());
    }
}

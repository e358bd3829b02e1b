package dev.sparkllm.spark.source;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.tokenizer.ChatMessage;
import dev.sparkllm.spark.CallInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.compression.CompressionCodec;
import org.apache.arrow.vector.dictionary.DictionaryEncoder;
import org.apache.arrow.vector.ipc.ArrowFileReader;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.types.pojo.DictionaryEncoding;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The rows of an Arrow IPC prompt file (file or stream format), one record batch in memory at a time. Columns are
 * described by {@link ArrowPromptColumns}; a row needs exactly one of a non-null {@code prompt} and a non-null
 * {@code messages}, as a JSON line needs exactly one of the two fields. Option cells are passed as text (a null cell
 * is an option the row does not set, so the reader's option applies); the id is any cell as text. Dictionary-encoded
 * columns (pandas categoricals) are decoded batch by batch. Row numbers in errors count from 1 over the whole file.
 */
final class ArrowPrompts implements PromptRows {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String file;
    private final Map<String, String> baseOptions;
    private final BufferAllocator allocator = new RootAllocator();
    private final ArrowReader reader;
    private final ArrowPromptColumns columns;
    private final List<FieldVector> decodedColumns = new ArrayList<>();
    private final Map<String, FieldVector> optionColumns = new LinkedHashMap<>();
    private FieldVector idColumn;
    private FieldVector promptColumn;
    private FieldVector messagesColumn;
    private int batchRows;
    private int nextInBatch;
    private long rowNumber;

    /** The IPC file format: Arrow reads the footer at the end, then each batch where the footer says it is. */
    static ArrowPrompts fileFormat(String file, FSDataInputStream in, long size, Map<String, String> baseOptions) {
        return new ArrowPrompts(file, baseOptions,
            allocator -> new ArrowFileReader(new HadoopSeekableChannel(in, size), allocator, CompressionCodec.Factory.INSTANCE));
    }

    static ArrowPrompts streamFormat(String file, FSDataInputStream in, Map<String, String> baseOptions) {
        return new ArrowPrompts(file, baseOptions, allocator -> new ArrowStreamReader(in, allocator, CompressionCodec.Factory.INSTANCE));
    }

    private ArrowPrompts(String file, Map<String, String> baseOptions, Function<BufferAllocator, ArrowReader> open) {
        this.file = file;
        this.baseOptions = baseOptions;
        this.reader = open.apply(allocator);
        try {
            columns = ArrowPromptColumns.of(file, reader.getVectorSchemaRoot().getSchema(), reader);
        } catch (IOException | RuntimeException e) {
            closeAfter(e);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("sparkllm cannot read the schema of the Arrow prompt file " + file + ": " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    @Override
    public boolean hasNext() {
        try {
            while (nextInBatch >= batchRows) {
                if (!reader.loadNextBatch()) return false;
                bindBatch(reader.getVectorSchemaRoot());
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("sparkllm cannot read " + file + " after row " + rowNumber + ": " + e.getMessage(), e);
        }
    }

    private void bindBatch(VectorSchemaRoot root) {
        closeDecodedColumns();
        batchRows = root.getRowCount();
        nextInBatch = 0;
        idColumn = column(root, ArrowPromptColumns.ID);
        promptColumn = column(root, ArrowPromptColumns.PROMPT);
        messagesColumn = column(root, ArrowPromptColumns.MESSAGES);
        for (String name : columns.options()) optionColumns.put(name, column(root, name));
    }

    private FieldVector column(VectorSchemaRoot root, String name) {
        FieldVector v = root.getVector(name);
        DictionaryEncoding encoding = v == null ? null : v.getField().getDictionary();
        if (encoding == null) return v;
        FieldVector values = (FieldVector) DictionaryEncoder.decode(v, reader.lookup(encoding.getId()), allocator);
        decodedColumns.add(values);
        return values;
    }

    @Override
    public InternalRow next() {
        if (!hasNext()) throw new NoSuchElementException();
        int i = nextInBatch++;
        rowNumber++;
        String id = text(idColumn, i);
        Map<String, String> options = new TreeMap<>(baseOptions);
        optionColumns.forEach((name, column) -> {
            String value = text(column, i);
            if (value != null) options.put(name, value);
        });
        String prompt = text(promptColumn, i);
        List<?> chat = messagesColumn == null || messagesColumn.isNull(i) ? null : (List<?>) messagesColumn.getObject(i);
        if ((prompt == null) == (chat == null)) return errorRow(id, PromptRows.NEEDS_ONE_PROMPT, options);
        if (prompt != null) return PromptRows.row(id, prompt, null, CallInput.of(Prompt.text(prompt), options));
        List<ChatMessage> messages = new ArrayList<>(chat.size());
        ArrayNode json = JSON.createArrayNode();
        for (int m = 0; m < chat.size(); m++) {
            Map<?, ?> message = (Map<?, ?>) chat.get(m);
            if (message == null) return errorRow(id, "has a null \"messages\" entry " + (m + 1), options);
            String role = text(message.get("role"));
            String content = text(message.get("content"));
            if (role == null || content == null) {
                return errorRow(id, "has a \"messages\" entry " + (m + 1) + " without a " + (role == null ? "role" : "content"), options);
            }
            messages.add(new ChatMessage(role, content));
            json.addObject().put("role", role).put("content", content);
        }
        return PromptRows.row(id, null, json.toString(), CallInput.of(Prompt.chat(messages), options));
    }

    private InternalRow errorRow(String id, String problem, Map<String, String> options) {
        return PromptRows.row(id, null, null, CallInput.error("row " + rowNumber + " of " + file + " " + problem, options));
    }

    /** A cell as text, as a JSON line's field is: null stays null, nested values as JSON, binary as hex. */
    private static String text(ValueVector column, int row) {
        return column == null || column.isNull(row) ? null : text(column.getObject(row));
    }

    private static String text(Object value) {
        if (value == null) return null;
        return value instanceof byte[] bytes ? HexFormat.of().formatHex(bytes) : value.toString();
    }

    private void closeDecodedColumns() {
        decodedColumns.forEach(ValueVector::close);
        decodedColumns.clear();
    }

    @Override
    public void close() throws IOException {
        closeDecodedColumns();
        try {
            reader.close();   // and the file
        } finally {
            allocator.close();
        }
    }

    private void closeAfter(Exception failure) {
        try {
            close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }
}

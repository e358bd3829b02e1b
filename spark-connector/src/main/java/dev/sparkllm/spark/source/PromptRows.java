package dev.sparkllm.spark.source;

import dev.sparkllm.spark.CallInput;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.expressions.GenericInternalRow;
import org.apache.spark.unsafe.types.UTF8String;

/**
 * The prompts of one file as rows {@code (id, prompt, messages, CallInput)}, read as the task asks for them. Every
 * prompt yields one row; one that cannot be read yields a row whose call input is an error naming the file and the
 * line or row, so the query goes on. The fourth field is read back by {@link LineCallInputs}.
 */
interface PromptRows extends Iterator<InternalRow>, Closeable {
    /** The problem of a row with no prompt, or with both kinds, in every format. */
    String NEEDS_ONE_PROMPT = "needs exactly one of \"prompt\" and \"messages\"";

    /** Opens {@code file} with the reader its {@link PromptFormat} calls for. */
    static PromptRows open(String file, SourceOptions options, Configuration hadoopConf) {
        Path path = new Path(file);
        FSDataInputStream in;
        FileSystem fs;
        try {
            fs = path.getFileSystem(hadoopConf);
            in = fs.open(path);
        } catch (IOException e) {
            throw new UncheckedIOException("sparkllm cannot open the prompt file " + file + ": " + e.getMessage(), e);
        }
        try {
            PromptFormat format = PromptFormat.of(file, head(in), options.promptFormat());
            return switch (format) {
                case JSON_LINES, TEXT -> new PromptLines(file, in, format == PromptFormat.JSON_LINES, options.generateOptions());
                case ARROW_FILE -> ArrowPrompts.fileFormat(file, in, fs.getFileStatus(path).getLen(), options.generateOptions());
                case ARROW_STREAM -> ArrowPrompts.streamFormat(file, in, options.generateOptions());
            };
        } catch (IOException | RuntimeException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof IOException io) {
                throw new UncheckedIOException("sparkllm cannot read the prompt file " + file + ": " + io.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** Up to {@link PromptFormat#HEAD_BYTES} first bytes, read without moving the stream (a positioned read). */
    private static byte[] head(FSDataInputStream in) throws IOException {
        byte[] head = new byte[PromptFormat.HEAD_BYTES];
        int n = 0;
        while (n < head.length) {
            int r = in.read(n, head, n, head.length - n);
            if (r < 0) break;
            n += r;
        }
        return Arrays.copyOf(head, n);
    }

    static InternalRow row(String id, String prompt, String messages, CallInput input) {
        return new GenericInternalRow(new Object[] {
            UTF8String.fromString(id), UTF8String.fromString(prompt), UTF8String.fromString(messages), input});
    }
}

package dev.sparkllm.spark;

import dev.sparkllm.engine.runtime.Prompt;
import dev.sparkllm.engine.tokenizer.ChatMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.util.ArrayData;
import scala.Function1;

/**
 * Call inputs of a SQL projection: a projection evaluates each call's (prompt, options) expressions on the row, and
 * the {@link CallSpec}s say how to read the prompt (text, or chat messages in a struct array).
 */
public final class ProjectedCallInputs implements CallInputs {
    private final CallSpec[] specs;
    private final Function1<InternalRow, ? extends InternalRow> arguments;

    /** @param arguments projects an input row to (prompt, options) per call, 2 × specs.size() fields */
    public ProjectedCallInputs(List<CallSpec> specs, Function1<InternalRow, ? extends InternalRow> arguments) {
        this.specs = specs.toArray(new CallSpec[0]);
        this.arguments = arguments;
    }

    @Override
    public int calls() {
        return specs.length;
    }

    @Override
    public CallInput[] read(InternalRow row) {
        InternalRow args = arguments.apply(row);
        CallInput[] out = new CallInput[specs.length];
        for (int c = 0; c < specs.length; c++) {
            if (args.isNullAt(2 * c)) {
                out[c] = CallInput.NULL;
                continue;
            }
            Map<String, String> opts = RowOptions.toJava(args.isNullAt(2 * c + 1) ? null : args.getMap(2 * c + 1));
            try {
                out[c] = CallInput.of(specs[c].chat() ? Prompt.chat(messages(args.getArray(2 * c), specs[c]))
                    : Prompt.text(args.getUTF8String(2 * c).toString()), opts);
            } catch (IllegalArgumentException e) {
                out[c] = CallInput.error(e.getMessage(), opts);
            }
        }
        return out;
    }

    private static List<ChatMessage> messages(ArrayData array, CallSpec spec) {
        List<ChatMessage> out = new ArrayList<>(array.numElements());
        for (int i = 0; i < array.numElements(); i++) {
            if (array.isNullAt(i)) throw new IllegalArgumentException("chat message " + i + " is null");
            InternalRow m = array.getStruct(i, Math.max(spec.roleField(), spec.contentField()) + 1);
            if (m.isNullAt(spec.roleField()) || m.isNullAt(spec.contentField())) {
                throw new IllegalArgumentException("chat message " + i + " has a null role or content");
            }
            out.add(new ChatMessage(m.getUTF8String(spec.roleField()).toString(), m.getUTF8String(spec.contentField()).toString()));
        }
        return out;
    }
}

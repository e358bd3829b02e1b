package dev.sparkllm.spark.source;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.arrow.vector.dictionary.DictionaryProvider;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.ArrowType.ArrowTypeID;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What the columns of an Arrow prompt file are for: {@code prompt} (strings), {@code messages}
 * (lists of {@code struct<role: string, content: string>}), {@code id} (any type), and generate() options (every other
 * column). Checked once per file, before its first row, so that a file that cannot hold prompts fails the query with
 * its columns named, instead of turning each of its rows into the same error.
 *
 * @param options the names of the option columns, in file order
 */
record ArrowPromptColumns(List<String> options) {
    static final String ID = "id";
    static final String PROMPT = "prompt";
    static final String MESSAGES = "messages";
    private static final Set<ArrowTypeID> STRINGS = EnumSet.of(ArrowTypeID.Utf8, ArrowTypeID.LargeUtf8, ArrowTypeID.Utf8View);
    private static final Set<ArrowTypeID> LISTS = EnumSet.of(ArrowTypeID.List, ArrowTypeID.LargeList, ArrowTypeID.FixedSizeList);

    /** @param dictionaries the reader's dictionaries: a dictionary-encoded column holds indices, its values are there */
    static ArrowPromptColumns of(String file, Schema schema, DictionaryProvider dictionaries) {
        Field prompt = null;
        Field messages = null;
        List<String> options = new ArrayList<>();
        for (Field f : schema.getFields()) {
            switch (f.getName()) {
                case PROMPT -> prompt = f;
                case MESSAGES -> messages = f;
                case ID -> { }
                default -> options.add(f.getName());
            }
        }
        if (prompt == null && messages == null) {
            throw new IllegalArgumentException("the Arrow prompt file " + file + " has neither a \"prompt\" nor a"
                + " \"messages\" column; its columns are: " + describe(schema.getFields()));
        }
        if (prompt != null && !STRINGS.contains(valueType(prompt, dictionaries).getTypeID())) {
            throw new IllegalArgumentException("column \"prompt\" of the Arrow prompt file " + file
                + " must hold strings (utf8 or large_utf8), not " + describe(List.of(prompt)));
        }
        if (messages != null && !isChat(messages)) {
            throw new IllegalArgumentException("column \"messages\" of the Arrow prompt file " + file
                + " must be a list<struct<role: string, content: string>>, not " + describe(List.of(messages)));
        }
        return new ArrowPromptColumns(List.copyOf(options));
    }

    private static ArrowType valueType(Field f, DictionaryProvider dictionaries) {
        return f.getDictionary() == null ? f.getType() : dictionaries.lookup(f.getDictionary().getId()).getVectorType();
    }

    private static boolean isChat(Field messages) {
        if (messages.getDictionary() != null || !LISTS.contains(messages.getType().getTypeID())) return false;
        Field message = messages.getChildren().get(0);
        if (message.getType().getTypeID() != ArrowTypeID.Struct) return false;
        return isString(message, "role") && isString(message, "content");
    }

    private static boolean isString(Field struct, String child) {
        return struct.getChildren().stream()
            .anyMatch(f -> f.getName().equals(child) && f.getDictionary() == null && STRINGS.contains(f.getType().getTypeID()));
    }

    private static String describe(List<Field> fields) {
        return fields.stream().map(Field::toString).collect(Collectors.joining(", "));
    }
}

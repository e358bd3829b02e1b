package dev.sparkllm.spark;

import java.io.Serializable;

/**
 * What the executor needs to know about one {@code generate()} call of a projection, fixed at planning: whether its
 * prompt is text or chat messages, and for chat where {@code role} and {@code content} sit in the message struct.
 */
public record CallSpec(boolean chat, int roleField, int contentField) implements Serializable {
    public static CallSpec text() {
        return new CallSpec(false, -1, -1);
    }

    public static CallSpec chat(int roleField, int contentField) {
        return new CallSpec(true, roleField, contentField);
    }
}

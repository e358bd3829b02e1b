package dev.sparkllm.engine.weights;

import java.nio.file.Path;

/** A model file is malformed, truncated or unsupported; the message names the file and the problem. */
public class ModelFormatException extends RuntimeException {

    public ModelFormatException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public ModelFormatException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}

package dev.sparkllm.engine.weights;

import java.nio.file.Path;
import java.util.Set;

/**
 * The tensors of one model checkpoint (one GGUF file, or the safetensors shards of an HF directory), indexed by name.
 * Opening a store reads and validates only headers; tensor data is read by {@link #load}.
 */
public interface WeightStore extends AutoCloseable {

    /** The file or directory, for error messages. */
    Path path();

    Set<String> names();

    /** Type and shape of a tensor without reading its data; throws {@link ModelFormatException} if absent. */
    TensorInfo info(String name);

    /** Reads one tensor into memory in its stored type; throws {@link ModelFormatException} if absent. */
    default Tensor load(String name) {
        return TensorReader.read(info(name));
    }

    /** Stores read tensors through short-lived channels, so by default there is nothing to release. */
    @Override
    default void close() { }
}

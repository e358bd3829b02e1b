package dev.sparkllm.engine.weights;

import java.nio.file.Path;

/**
 * Where a tensor lives in a file and what it is. {@code shape} is in PyTorch order (outermost first),
 * so a 2-D weight is {@code [rows, cols]}.
 */
public record TensorInfo(String name, GgmlType type, long[] shape, Path file, long offset, long byteLength) {

    public long elementCount() {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    public String shapeString() {
        return java.util.Arrays.toString(shape);
    }
}

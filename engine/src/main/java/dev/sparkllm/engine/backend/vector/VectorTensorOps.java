package dev.sparkllm.engine.backend.vector;

import dev.sparkllm.engine.weights.BF16Tensor;
import dev.sparkllm.engine.weights.F16Tensor;
import dev.sparkllm.engine.weights.F32Tensor;
import dev.sparkllm.engine.weights.Q4_0Tensor;
import dev.sparkllm.engine.weights.Q4_KTensor;
import dev.sparkllm.engine.weights.Q6_KTensor;
import dev.sparkllm.engine.weights.Q8_0Tensor;
import dev.sparkllm.engine.weights.Tensor;

/**
 * Row-times-vector dot products on weights kept in their stored type, decoded to F32 in registers (activations are
 * F32). Quantized weights are decoded to exactly the values {@link Tensor#dequantizeRow} gives, so results differ
 * from the scalar reference only by summation order, which is fixed for a given row length.
 *
 * <p>The block kernels need 8 or 16 float lanes (so that 16-byte nibble groups split into whole vectors); on other
 * machines those types fall back to the scalar reference {@link Tensor#dot}.
 */
public final class VectorTensorOps {
    private VectorTensorOps() { }

    /** Dot product of row {@code row} of {@code w} with {@code x[xOff .. xOff + w.cols())}. */
    public static float dot(Tensor w, int row, float[] x, int xOff) {
        int cols = w.cols();
        if (w instanceof F32Tensor t) return VectorMath.dot(t.data(), row * cols, x, xOff, cols);
        if (!BlockKernels.SUPPORTED) return w.dot(row, x, xOff);
        if (w instanceof F16Tensor t) return HalfKernels.dotF16(t.data(), row * cols, x, xOff, cols);
        if (w instanceof BF16Tensor t) return HalfKernels.dotBF16(t.data(), row * cols, x, xOff, cols);
        if (w instanceof Q8_0Tensor t) return BlockKernels.dotQ8_0(t.data(), row * t.rowBytes(), t.blocksPerRow(), x, xOff);
        if (w instanceof Q4_0Tensor t) return BlockKernels.dotQ4_0(t.data(), row * t.rowBytes(), t.blocksPerRow(), x, xOff);
        if (w instanceof Q4_KTensor t) return KQuantKernels.dotQ4_K(t.data(), row * t.rowBytes(), t.blocksPerRow(), x, xOff);
        if (w instanceof Q6_KTensor t) return KQuantKernels.dotQ6_K(t.data(), row * t.rowBytes(), t.blocksPerRow(), x, xOff);
        return w.dot(row, x, xOff);
    }

}

package dev.sparkllm.engine.weights;

/** bfloat16 tensor kept as raw 16-bit patterns (the upper halves of F32 values), row-major. */
public final class BF16Tensor extends HalfWidthTensor {

    public BF16Tensor(String name, int rows, int cols, short[] data) {
        super(name, GgmlType.BF16, rows, cols, data);
    }

    @Override
    float widen(short bits) { return Half.bf16ToFloat(bits); }

    @Override
    HalfWidthTensor withData(short[] data) { return new BF16Tensor(name(), rows(), cols(), data); }
}

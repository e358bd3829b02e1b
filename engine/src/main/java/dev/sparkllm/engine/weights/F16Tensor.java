package dev.sparkllm.engine.weights;

/** IEEE half-precision tensor kept as raw 16-bit patterns, row-major. */
public final class F16Tensor extends HalfWidthTensor {

    public F16Tensor(String name, int rows, int cols, short[] data) {
        super(name, GgmlType.F16, rows, cols, data);
    }

    @Override
    float widen(short bits) { return Half.toFloat(bits); }

    @Override
    HalfWidthTensor withData(short[] data) { return new F16Tensor(name(), rows(), cols(), data); }
}

package dev.sparkllm.engine.weights;

/** IEEE half-precision tensor kept as raw 16-bit patterns, row-major. */
public final class F16Tensor extends HalfWidthTensor {

    private volatile Boolean finite;

    public F16Tensor(String name, int rows, int cols, short[] data) {
        super(name, GgmlType.F16, rows, cols, data);
    }

    /** Whether no element is infinite or NaN (exponent 31) — true of any usable weights; computed once. */
    public boolean isFinite() {
        Boolean f = finite;
        if (f == null) {
            boolean all = true;
            for (short h : data()) {
                if ((h & 0x7c00) == 0x7c00) {
                    all = false;
                    break;
                }
            }
            finite = f = all;
        }
        return f;
    }

    @Override
    float widen(short bits) { return Half.toFloat(bits); }

    @Override
    HalfWidthTensor withData(short[] data) { return new F16Tensor(name(), rows(), cols(), data); }
}

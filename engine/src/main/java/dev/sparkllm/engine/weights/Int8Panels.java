package dev.sparkllm.engine.weights;

/**
 * A block-quantized matrix whose every value is an int8 times a float scale shared by 16 consecutive values of a row
 * (types with 32-value blocks repeat each scale), minus a float minimum shared the same way for types that have one
 * (Q4_K), re-laid for a kernel that decodes {@code width} rows at a time into a k-major F32 panel (see {@code
 * F32Tensor.panels}) with one vector load, widen and multiply (and subtract) per column: {@code quants[(p * cols + c) *
 * width + i]} is the int8 of row {@code p*width + i}, column c; {@code scales[(p * cols / 16 + c / 16) * width + i]}
 * (and {@code mins}) belong to it. In F32, {@code quant * scale} (then {@code - min}) is exactly the value {@code
 * dequantizeRow} gives. Padding rows of the last panel are zero.
 *
 * @param mins null for types without a minimum
 */
public record Int8Panels(int width, byte[] quants, float[] scales, float[] mins) {
    /** Values per scale. */
    public static final int GROUP = 16;
}

package dev.sparkllm.engine.weights;

/**
 * A block-quantized matrix whose every value is an int8 times a float scale shared by 32 consecutive values of a row
 * (Q8_0, Q4_0), re-laid for a kernel that decodes {@code width} rows at a time into a k-major F32 panel (see {@code
 * F32Tensor.panels}) with one vector load, widen and multiply per column: for panel p and block b, {@code
 * quants[((p * blocksPerRow + b) * 32 + k) * width + i]} is the int8 of row {@code p*width + i}, column {@code b*32 + k},
 * and {@code scales[(p * blocksPerRow + b) * width + i]} its block's scale. {@code quant * scale} in F32 is exactly
 * the value {@code dequantizeRow} gives. Padding rows of the last panel are zero.
 */
public record Int8Panels(int width, byte[] quants, float[] scales) {
    /** Values per block: one scale each. */
    public static final int BLOCK = 32;
}

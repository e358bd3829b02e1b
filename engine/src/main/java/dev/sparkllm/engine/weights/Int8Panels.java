package dev.sparkllm.engine.weights;

/**
 * A block-quantized matrix whose every value is an int8 times a float scale shared by {@code group} (16 or 32)
 * consecutive values of a row, minus a float minimum shared the same way for types that have one (Q4_K), re-laid for a
 * kernel that decodes {@code width} rows at a time into a k-major F32 panel (see {@code F32Tensor.panels}) with one
 * vector load, widen and multiply (and subtract) per column: {@code quants[(p * cols + c) * width + i]} is the int8 of
 * row {@code p*width + i}, column c; {@code scales[(p * cols / group + c / group) * width + i]} (and {@code mins})
 * belong to it. In F32, {@code quant * scale} (then {@code - min}) is exactly the value {@code dequantizeRow} gives.
 * Padding rows of the last panel are zero.
 *
 * @param group values per scale: the type's own block or sub-block, so that no scale is stored twice (a decoding
 *              sequence reads every byte of this once per token)
 * @param mins  null for types without a minimum
 */
public record Int8Panels(int width, int group, byte[] quants, float[] scales, float[] mins) {
    /** The smallest {@code group}; every group is a multiple of it. */
    public static final int MIN_GROUP = 16;

    public Int8Panels {
        if (group != MIN_GROUP && group != 2 * MIN_GROUP) throw new IllegalArgumentException("scale group " + group);
    }
}

package dev.sparkllm.engine.weights;

/**
 * Tensor element types, numbered as ggml numbers them (the GGUF tensor-info type field).
 * Block-quantized types store {@code blockSize} values in {@code blockBytes} bytes; plain types have blockSize 1.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 18),
    Q8_0(8, 32, 34),
    Q4_K(12, 256, 144),
    Q6_K(14, 256, 210),
    BF16(30, 1, 2);

    public final int id;
    public final int blockSize;
    public final int blockBytes;

    GgmlType(int id, int blockSize, int blockBytes) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
    }

    /** Bytes needed for {@code elements} values; the caller has checked divisibility by {@link #blockSize}. */
    public long bytesFor(long elements) {
        return elements / blockSize * blockBytes;
    }

    /** The type with ggml id {@code id}, or null when sparkllm does not support it. */
    public static GgmlType byId(int id) {
        for (GgmlType t : values()) {
            if (t.id == id) return t;
        }
        return null;
    }

    /** ggml's own name for an id, also for types sparkllm does not support, for error messages. */
    public static String ggmlName(int id) {
        String[] names = {"F32", "F16", "Q4_0", "Q4_1", "Q4_2", "Q4_3", "Q5_0", "Q5_1", "Q8_0", "Q8_1",
            "Q2_K", "Q3_K", "Q4_K", "Q5_K", "Q6_K", "Q8_K", "IQ2_XXS", "IQ2_XS", "IQ3_XXS", "IQ1_S", "IQ4_NL",
            "IQ3_S", "IQ2_S", "IQ4_XS", "I8", "I16", "I32", "I64", "F64", "IQ1_M", "BF16"};
        return id >= 0 && id < names.length ? names[id] : "unknown type " + id;
    }
}

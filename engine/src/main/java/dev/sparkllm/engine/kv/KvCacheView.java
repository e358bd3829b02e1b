package dev.sparkllm.engine.kv;

/**
 * Where one sequence's keys and values live. Each layer has one key store and one value store; position {@code p}
 * of the sequence occupies {@code kvDim} floats starting at {@link #slotOffset(int)} in both. A contiguous cache maps
 * positions linearly; a paged cache maps them through the sequence's block table (PagedAttention).
 */
public interface KvCacheView {

    float[] keyStore(int layer);

    float[] valueStore(int layer);

    /** Float offset of position {@code pos} in this layer's stores; the slot must already be allocated. */
    int slotOffset(int pos);
}

package dev.sparkllm.engine.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF v3 files for tests: metadata of any GGUF value type and tensors given as raw bytes of any ggml type.
 * Java values map to GGUF types as String → STRING, Integer → INT32, Long → INT64, Float → FLOAT32,
 * Double → FLOAT64, Boolean → BOOL, Byte → INT8, Short → INT16, List → ARRAY (element type from the first element);
 * use {@link #putTyped} for unsigned types or empty arrays. Shapes are PyTorch order, like {@link TensorInfo}.
 */
public final class GgufTestWriter {
    public static final int UINT8 = 0, INT8 = 1, UINT16 = 2, INT16 = 3, UINT32 = 4, INT32 = 5, FLOAT32 = 6, BOOL = 7,
        STRING = 8, ARRAY = 9, UINT64 = 10, INT64 = 11, FLOAT64 = 12;

    private record Kv(int type, int elemType, Object value) { }

    private record Entry(String name, int typeId, long[] shape, byte[] data) { }

    private final Map<String, Kv> metadata = new LinkedHashMap<>();
    private final List<Entry> tensors = new ArrayList<>();
    private int alignment = 32;

    /** Adds metadata with the GGUF type inferred from the Java type (see the class comment). */
    public GgufTestWriter put(String key, Object value) {
        if (value instanceof List<?> list) {
            if (list.isEmpty()) throw new IllegalArgumentException(key + ": use putTyped for an empty array");
            return putTyped(key, ARRAY, typeOf(list.get(0)), value);
        }
        return putTyped(key, typeOf(value), -1, value);
    }

    /** Adds metadata with an explicit GGUF type; {@code elemType} is used only for arrays. */
    public GgufTestWriter putTyped(String key, int type, int elemType, Object value) {
        metadata.put(key, new Kv(type, elemType, value));
        return this;
    }

    /** Sets general.alignment (also written as metadata) for the data section. */
    public GgufTestWriter alignment(int alignment) {
        this.alignment = alignment;
        return putTyped("general.alignment", UINT32, -1, (long) alignment);
    }

    /** Adds a tensor of any ggml type id (also unsupported ones, for negative tests) from its raw bytes. */
    public GgufTestWriter tensor(String name, int ggmlTypeId, long[] shape, byte[] data) {
        tensors.add(new Entry(name, ggmlTypeId, shape, data));
        return this;
    }

    public GgufTestWriter tensor(String name, GgmlType type, long[] shape, byte[] data) {
        return tensor(name, type.id, shape, data);
    }

    public GgufTestWriter tensorF32(String name, long[] shape, float[] values) {
        return tensor(name, GgmlType.F32, shape, f32Bytes(values));
    }

    public static byte[] f32Bytes(float[] values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) bb.putFloat(v);
        return bb.array();
    }

    public static byte[] shortBytes(short[] values) {
        ByteBuffer bb = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (short v : values) bb.putShort(v);
        return bb.array();
    }

    public Path write(Path file) throws IOException {
        Files.write(file, toBytes());
        return file;
    }

    public byte[] toBytes() {
        Out out = new Out();
        out.i32(0x46554747);
        out.i32(3);
        out.i64(tensors.size());
        out.i64(metadata.size());
        for (Map.Entry<String, Kv> e : metadata.entrySet()) {
            out.string(e.getKey());
            out.i32(e.getValue().type());
            value(out, e.getValue().type(), e.getValue().elemType(), e.getValue().value());
        }
        long offset = 0;
        for (Entry t : tensors) {
            out.string(t.name());
            out.i32(t.shape().length);
            for (int d = t.shape().length - 1; d >= 0; d--) out.i64(t.shape()[d]);   // GGUF lists ne0 (cols) first
            out.i32(t.typeId());
            out.i64(offset);
            offset = align(offset + t.data().length);
        }
        out.pad(alignment);
        for (Entry t : tensors) {
            out.bytes(t.data());
            out.pad(alignment);
        }
        return out.toByteArray();
    }

    private long align(long n) {
        return (n + alignment - 1) / alignment * alignment;
    }

    private static int typeOf(Object v) {
        if (v instanceof String) return STRING;
        if (v instanceof Integer) return INT32;
        if (v instanceof Long) return INT64;
        if (v instanceof Float) return FLOAT32;
        if (v instanceof Double) return FLOAT64;
        if (v instanceof Boolean) return BOOL;
        if (v instanceof Byte) return INT8;
        if (v instanceof Short) return INT16;
        throw new IllegalArgumentException("no GGUF type for " + v.getClass());
    }

    private static void value(Out out, int type, int elemType, Object v) {
        switch (type) {
            case UINT8, INT8, BOOL -> out.write(v instanceof Boolean b ? (b ? 1 : 0) : ((Number) v).intValue());
            case UINT16, INT16 -> out.i16(((Number) v).intValue());
            case UINT32, INT32 -> out.i32(((Number) v).intValue());
            case UINT64, INT64 -> out.i64(((Number) v).longValue());
            case FLOAT32 -> out.i32(Float.floatToRawIntBits(((Number) v).floatValue()));
            case FLOAT64 -> out.i64(Double.doubleToRawLongBits(((Number) v).doubleValue()));
            case STRING -> out.string((String) v);
            case ARRAY -> {
                List<?> list = (List<?>) v;
                out.i32(elemType);
                out.i64(list.size());
                for (Object o : list) value(out, elemType, -1, o);
            }
            default -> throw new IllegalArgumentException("GGUF value type " + type);
        }
    }

    /** Little-endian byte sink. */
    private static final class Out extends ByteArrayOutputStream {
        void i16(int v) { write(v); write(v >>> 8); }
        void i32(int v) { i16(v); i16(v >>> 16); }
        void i64(long v) { i32((int) v); i32((int) (v >>> 32)); }
        void bytes(byte[] b) { write(b, 0, b.length); }
        void string(String s) { byte[] b = s.getBytes(StandardCharsets.UTF_8); i64(b.length); bytes(b); }
        void pad(int alignment) { while (size() % alignment != 0) write(0); }
    }
}

package dev.sparkllm.engine.weights;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A GGUF v2/v3 file: metadata key/values, tensor infos and the aligned data section.
 *
 * <pre>
 *   "GGUF" u32 version  u64 n_tensors  u64 n_kv
 *   n_kv   × (string key, u32 type, value)
 *   n_tensors × (string name, u32 n_dims, u64 ne[n_dims], u32 ggml_type, u64 offset)
 *   padding to general.alignment (default 32), then tensor data; offsets are relative to it
 * </pre>
 *
 * Metadata values are exposed as Java objects: integers of every width as {@link Long}, F32 as {@link Float},
 * F64 as {@link Double}, {@link Boolean}, {@link String}, and arrays as {@link List}.
 * Everything is validated against the file size while reading, before any tensor data is touched.
 */
public final class GgufFile implements WeightStore {
    private static final int MAGIC = 0x46554747; // "GGUF" little-endian
    private static final int MAX_DIMS = 4;

    private final Path path;
    private final int version;
    private final Map<String, Object> metadata;
    private final Map<String, TensorInfo> tensors;
    private final long dataOffset;

    private GgufFile(Path path, int version, Map<String, Object> metadata, Map<String, TensorInfo> tensors, long dataOffset) {
        this.path = path;
        this.version = version;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
        this.dataOffset = dataOffset;
    }

    public static GgufFile open(Path path) {
        if (!Files.isRegularFile(path)) throw new ModelFormatException(path, "not a file");
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(path, new BoundedFileReader(path, ch));
        } catch (IOException e) {
            throw new ModelFormatException(path, "cannot read: " + e.getMessage(), e);
        }
    }

    private static GgufFile read(Path path, BoundedFileReader in) throws IOException {
        if (in.fileSize() < 24) throw new ModelFormatException(path, "too short for a GGUF header (" + in.fileSize() + " bytes)");
        int magic = in.i32("magic");
        if (magic != MAGIC) {
            throw new ModelFormatException(path, String.format("wrong magic 0x%08x, expected \"GGUF\" (0x%08x)", magic, MAGIC));
        }
        int version = in.i32("version");
        if (version != 2 && version != 3) {
            throw new ModelFormatException(path, "GGUF version " + version + " is not supported (only 2 and 3)");
        }
        long nTensors = in.i64("tensor count");
        long nKv = in.i64("metadata count");
        // Each tensor info takes at least 8+4+8+4+8 bytes and each key/value at least 8+4+1.
        if (nTensors < 0 || nTensors > in.remaining() / 32) {
            throw new ModelFormatException(path, "absurd tensor count " + nTensors + " for a file of " + in.fileSize() + " bytes (truncated or corrupt)");
        }
        if (nKv < 0 || nKv > in.remaining() / 13) {
            throw new ModelFormatException(path, "absurd metadata count " + nKv + " for a file of " + in.fileSize() + " bytes (truncated or corrupt)");
        }
        Map<String, Object> md = new LinkedHashMap<>();
        for (long i = 0; i < nKv; i++) {
            String key = string(path, in, "metadata key " + i);
            int type = in.i32("type of " + key);
            md.put(key, value(path, in, type, key));
        }
        List<long[]> rawDims = new ArrayList<>();
        List<Object[]> raw = new ArrayList<>();
        for (long i = 0; i < nTensors; i++) {
            String name = string(path, in, "tensor name " + i);
            int nDims = in.i32("dimension count of " + name);
            if (nDims < 1 || nDims > MAX_DIMS) {
                throw new ModelFormatException(path, "tensor " + name + " has " + nDims + " dimensions (1.." + MAX_DIMS + " allowed)");
            }
            long[] ne = new long[nDims];
            for (int d = 0; d < nDims; d++) {
                ne[d] = in.i64("dimension " + d + " of " + name);
                if (ne[d] <= 0 || ne[d] > (1L << 40)) {
                    throw new ModelFormatException(path, "tensor " + name + " has an invalid dimension " + ne[d]);
                }
            }
            int typeId = in.i32("type of " + name);
            long offset = in.i64("offset of " + name);
            rawDims.add(ne);
            raw.add(new Object[] {name, typeId, offset});
        }
        long alignment = 32;
        Object a = md.get("general.alignment");
        if (a != null) {
            if (!(a instanceof Long al) || al <= 0 || (al & (al - 1)) != 0) {
                throw new ModelFormatException(path, "general.alignment must be a power of two, got " + a);
            }
            alignment = al;
        }
        long dataOffset = (in.position() + alignment - 1) / alignment * alignment;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (int i = 0; i < raw.size(); i++) {
            String name = (String) raw.get(i)[0];
            int typeId = (Integer) raw.get(i)[1];
            long offset = (Long) raw.get(i)[2];
            long[] ne = rawDims.get(i);
            GgmlType type = GgmlType.byId(typeId);
            if (type == null) {
                throw new ModelFormatException(path, "tensor " + name + " has type " + GgmlType.ggmlName(typeId)
                    + ", which sparkllm does not support (supported: F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K)");
            }
            long[] shape = new long[ne.length];
            long elements = 1;
            for (int d = 0; d < ne.length; d++) {
                shape[ne.length - 1 - d] = ne[d];
                elements = Math.multiplyExact(elements, ne[d]);
            }
            if (ne[0] % type.blockSize != 0) {
                throw new ModelFormatException(path, "tensor " + name + " row length " + ne[0] + " is not a multiple of the "
                    + type + " block size " + type.blockSize);
            }
            long bytes = type.bytesFor(elements);
            if (offset < 0 || offset % alignment != 0) {
                throw new ModelFormatException(path, "tensor " + name + " offset " + offset + " is not aligned to " + alignment);
            }
            if (offset > in.fileSize() || dataOffset + offset + bytes > in.fileSize()) {
                throw new ModelFormatException(path, "tensor " + name + " (" + bytes + " bytes at data offset " + offset
                    + ") extends past the end of the file (data section starts at " + dataOffset + ", file size "
                    + in.fileSize() + "): truncated or corrupt");
            }
            if (tensors.put(name, new TensorInfo(name, type, shape, path, dataOffset + offset, bytes)) != null) {
                throw new ModelFormatException(path, "tensor " + name + " appears twice");
            }
        }
        return new GgufFile(path, version, md, tensors, dataOffset);
    }

    private static String string(Path path, BoundedFileReader in, String what) throws IOException {
        long len = in.i64("length of " + what);
        if (len < 0 || len > in.remaining()) {
            throw new ModelFormatException(path, "absurd string length " + len + " for " + what
                + " at offset " + (in.position() - 8) + " (" + in.remaining() + " bytes left: truncated or corrupt)");
        }
        return in.utf8(len, what);
    }

    private static Object value(Path path, BoundedFileReader in, int type, String key) throws IOException {
        switch (type) {
            case 0: return (long) in.u8(key);
            case 1: return (long) (byte) in.u8(key);
            case 2: return (long) (in.i16(key) & 0xffff);
            case 3: return (long) in.i16(key);
            case 4: return in.i32(key) & 0xffffffffL;
            case 5: return (long) in.i32(key);
            case 6: return in.f32(key);
            case 7: return in.u8(key) != 0;
            case 8: return string(path, in, key);
            case 9: {
                int elemType = in.i32("array type of " + key);
                long n = in.i64("array length of " + key);
                if (n < 0 || n > in.remaining()) {
                    throw new ModelFormatException(path, "metadata array " + key + " has absurd length " + n
                        + " (" + in.remaining() + " bytes left: truncated or corrupt)");
                }
                if (elemType == 9) throw new ModelFormatException(path, "metadata " + key + ": nested arrays are not supported");
                List<Object> list = new ArrayList<>((int) Math.min(n, 1 << 20));
                for (long i = 0; i < n; i++) list.add(value(path, in, elemType, key));
                return Collections.unmodifiableList(list);
            }
            case 10: return in.i64(key);
            case 11: return in.i64(key);
            case 12: return in.f64(key);
            default:
                throw new ModelFormatException(path, "metadata " + key + " has unknown value type " + type);
        }
    }

    @Override public Path path() { return path; }
    public int version() { return version; }
    public Map<String, Object> metadata() { return metadata; }
    public long dataOffset() { return dataOffset; }

    @Override public Set<String> names() { return tensors.keySet(); }

    @Override
    public TensorInfo info(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) throw new ModelFormatException(path, "missing tensor " + name);
        return t;
    }

}

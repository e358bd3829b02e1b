package dev.sparkllm.engine.testing;

import dev.sparkllm.engine.weights.GgufFile;
import dev.sparkllm.engine.weights.GgufTestWriter;
import dev.sparkllm.engine.weights.SafetensorsTestWriter;
import dev.sparkllm.engine.weights.TensorInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Copies a GGUF file with edits, to make model files that are wrong (or differently typed) in one chosen way:
 * metadata overrides, dropped tensors, and tensors replaced by a function of their info.
 */
public final class GgufCopy {
    /** A replacement tensor: ggml type id, PyTorch-order shape and raw bytes. */
    public record Replacement(int typeId, long[] shape, byte[] data) { }

    private final GgufFile source;
    private final Map<String, Object> overrides = new LinkedHashMap<>();
    private final Map<String, Replacement> added = new LinkedHashMap<>();
    private BiFunction<TensorInfo, byte[], Replacement> tensorEdit = (info, bytes) -> new Replacement(info.type().id, info.shape(), bytes);

    public GgufCopy(Path source) {
        this.source = GgufFile.open(source);
    }

    public GgufCopy set(String key, Object value) {
        overrides.put(key, value);
        return this;
    }

    /** {@code edit} returns the tensor to write in place of each original, or null to drop it. */
    public GgufCopy tensors(BiFunction<TensorInfo, byte[], Replacement> edit) {
        this.tensorEdit = edit;
        return this;
    }

    /** Adds a tensor that the source does not have. */
    public GgufCopy add(String name, int typeId, long[] shape, byte[] data) {
        added.put(name, new Replacement(typeId, shape, data));
        return this;
    }

    public Path write(Path file) {
        GgufTestWriter w = new GgufTestWriter();
        Map<String, Object> md = new LinkedHashMap<>(source.metadata());
        md.putAll(overrides);
        md.remove("general.alignment");
        for (Map.Entry<String, Object> e : md.entrySet()) {
            if (e.getValue() instanceof List<?> l && l.isEmpty()) continue;
            w.put(e.getKey(), e.getValue());
        }
        try {
            for (String name : source.names()) {
                TensorInfo info = source.info(name);
                Replacement r = tensorEdit.apply(info, SafetensorsTestWriter.rawBytes(info));
                if (r != null) w.tensor(name, r.typeId(), r.shape(), r.data());
            }
            added.forEach((name, r) -> w.tensor(name, r.typeId(), r.shape(), r.data()));
            return w.write(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

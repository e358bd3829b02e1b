package dev.sparkllm.engine.weights;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The weights of a Hugging Face checkpoint: a single {@code model.safetensors}, or shards listed by
 * {@code model.safetensors.index.json} ({@code weight_map}: tensor name → shard file in the same directory).
 * Only headers are read when opening; shapes are HF order ({@code [out_features, in_features]}).
 */
public final class SafetensorsStore implements WeightStore {
    public static final String SINGLE = "model.safetensors";
    public static final String INDEX = "model.safetensors.index.json";

    private final Path path;
    private final Map<String, TensorInfo> tensors;
    private final Map<String, String> metadata;

    private SafetensorsStore(Path path, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.path = path;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    /**
     * Opens an HF model directory (sharded index preferred over a single file, as transformers does), a
     * {@code .safetensors} file, or an index JSON file.
     */
    public static SafetensorsStore open(Path dirOrFile) {
        if (Files.isDirectory(dirOrFile)) {
            if (Files.isRegularFile(dirOrFile.resolve(INDEX))) return sharded(dirOrFile.resolve(INDEX));
            if (Files.isRegularFile(dirOrFile.resolve(SINGLE))) return single(dirOrFile.resolve(SINGLE));
            throw new ModelFormatException(dirOrFile, "directory has neither " + SINGLE + " nor " + INDEX);
        }
        if (!Files.isRegularFile(dirOrFile)) throw new ModelFormatException(dirOrFile, "not a file or directory");
        return dirOrFile.getFileName().toString().endsWith(".index.json") ? sharded(dirOrFile) : single(dirOrFile);
    }

    private static SafetensorsStore single(Path file) {
        SafetensorsFile f = SafetensorsFile.read(file);
        return new SafetensorsStore(file, new LinkedHashMap<>(f.tensors), f.metadata);
    }

    private static SafetensorsStore sharded(Path index) {
        JsonNode weightMap;
        JsonNode indexMeta;
        try {
            if (Files.size(index) > SafetensorsFile.MAX_HEADER) {
                throw new ModelFormatException(index, "index file is absurdly large (" + Files.size(index) + " bytes)");
            }
            JsonNode root = SafetensorsFile.JSON.readTree(index.toFile());
            weightMap = root == null ? null : root.get("weight_map");
            indexMeta = root == null ? null : root.get("metadata");
        } catch (IOException e) {
            throw new ModelFormatException(index, "index is not valid JSON: " + e.getMessage(), e);
        }
        if (weightMap == null || !weightMap.isObject()) throw new ModelFormatException(index, "index has no weight_map object");
        Path dir = index.toAbsolutePath().getParent();
        Map<String, SafetensorsFile> shards = new HashMap<>();
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String shard = e.getValue().asText();
            SafetensorsFile f = shards.computeIfAbsent(shard, s -> shardFile(index, dir, e.getKey(), s));
            TensorInfo info = f.tensors.get(e.getKey());
            if (info == null) {
                throw new ModelFormatException(index, "tensor " + e.getKey() + " is mapped to shard " + shard
                    + ", which does not contain it");
            }
            tensors.put(e.getKey(), info);
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        if (indexMeta != null && indexMeta.isObject()) {
            indexMeta.fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
        }
        return new SafetensorsStore(index, tensors, metadata);
    }

    private static SafetensorsFile shardFile(Path index, Path dir, String tensor, String shard) {
        Path p = dir.resolve(shard).normalize();
        // A shard name must stay inside the checkpoint directory: an index must not make us read arbitrary files.
        if (shard.isEmpty() || !p.getParent().equals(dir.normalize())) {
            throw new ModelFormatException(index, "tensor " + tensor + " names shard \"" + shard + "\" outside the directory");
        }
        if (!Files.isRegularFile(p)) {
            throw new ModelFormatException(index, "tensor " + tensor + " is mapped to missing shard file " + shard);
        }
        return SafetensorsFile.read(p);
    }

    @Override public Path path() { return path; }

    @Override public Set<String> names() { return tensors.keySet(); }

    /** {@code __metadata__} of a single file, or the index's {@code metadata} object, as strings. */
    public Map<String, String> metadata() { return metadata; }

    @Override
    public TensorInfo info(String name) {
        TensorInfo t = tensors.get(name);
        if (t == null) throw new ModelFormatException(path, "missing tensor " + name);
        return t;
    }

}

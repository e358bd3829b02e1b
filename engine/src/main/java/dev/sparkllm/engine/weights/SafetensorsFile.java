package dev.sparkllm.engine.weights;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The header of one {@code .safetensors} file: {@code u64 LE n}, n bytes of JSON, then the data section.
 * Every entry is checked against the file size before anything is allocated for tensor data.
 */
final class SafetensorsFile {
    static final long MAX_HEADER = 100L << 20;
    private static final long MAX_DIM = 1L << 40;
    static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    final Path file;
    final Map<String, TensorInfo> tensors;
    final Map<String, String> metadata;

    private SafetensorsFile(Path file, Map<String, TensorInfo> tensors, Map<String, String> metadata) {
        this.file = file;
        this.tensors = Collections.unmodifiableMap(tensors);
        this.metadata = Collections.unmodifiableMap(metadata);
    }

    static SafetensorsFile read(Path file) {
        byte[] header;
        long fileSize;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            BoundedFileReader in = new BoundedFileReader(file, ch);
            fileSize = in.fileSize();
            if (fileSize < 8) throw new ModelFormatException(file, "too short for a safetensors header (" + fileSize + " bytes)");
            long n = in.i64("header length");
            if (n < 2 || n > fileSize - 8 || n > MAX_HEADER) {
                throw new ModelFormatException(file, "header length " + Long.toUnsignedString(n) + " is absurd (file size "
                    + fileSize + ", limit " + MAX_HEADER + ")");
            }
            header = in.bytes(n, "header");
        } catch (IOException e) {
            throw new ModelFormatException(file, "cannot read: " + e.getMessage(), e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(header);
        } catch (JsonProcessingException e) {
            String why = e.getOriginalMessage();
            if (why != null && why.startsWith("Duplicate field")) {
                throw new ModelFormatException(file, "duplicate tensor in header: " + why, e);
            }
            throw new ModelFormatException(file, "header is not valid JSON: " + why, e);
        } catch (IOException e) {
            throw new ModelFormatException(file, "header is not valid JSON: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) throw new ModelFormatException(file, "header is not a JSON object");
        long dataStart = 8 + header.length;
        Map<String, TensorInfo> tensors = new LinkedHashMap<>();
        Map<String, String> metadata = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getKey().equals("__metadata__")) {
                if (!e.getValue().isObject()) throw new ModelFormatException(file, "__metadata__ is not a JSON object");
                e.getValue().fields().forEachRemaining(m -> metadata.put(m.getKey(), m.getValue().asText()));
            } else {
                tensors.put(e.getKey(), tensor(file, fileSize, dataStart, e.getKey(), e.getValue()));
            }
        }
        return new SafetensorsFile(file, tensors, metadata);
    }

    private static TensorInfo tensor(Path file, long fileSize, long dataStart, String name, JsonNode t) {
        if (!t.isObject()) throw new ModelFormatException(file, "tensor " + name + ": header entry is not an object");
        JsonNode dtypeNode = t.get("dtype");
        JsonNode shapeNode = t.get("shape");
        JsonNode offs = t.get("data_offsets");
        if (dtypeNode == null || !dtypeNode.isTextual() || shapeNode == null || !shapeNode.isArray()
            || offs == null || !offs.isArray() || offs.size() != 2) {
            throw new ModelFormatException(file, "tensor " + name + ": header entry needs dtype, shape and two data_offsets");
        }
        String dtype = dtypeNode.asText();
        GgmlType type = switch (dtype) {
            case "F32" -> GgmlType.F32;
            case "F16" -> GgmlType.F16;
            case "BF16" -> GgmlType.BF16;
            default -> throw new ModelFormatException(file, "tensor " + name + " has dtype " + dtype
                + ", which sparkllm does not support (supported: F32, F16, BF16)");
        };
        long[] shape = new long[shapeNode.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = shapeNode.get(i);
            if (!d.canConvertToLong() || !d.isIntegralNumber() || d.asLong() < 0 || d.asLong() > MAX_DIM) {
                throw new ModelFormatException(file, "tensor " + name + " has an invalid shape dimension " + d);
            }
            shape[i] = d.asLong();
            if (shape[i] != 0 && elements > MAX_DIM / shape[i]) {
                throw new ModelFormatException(file, "tensor " + name + " has an absurd shape " + shapeNode);
            }
            elements *= shape[i];
        }
        if (!offs.get(0).isIntegralNumber() || !offs.get(1).isIntegralNumber()) {
            throw new ModelFormatException(file, "tensor " + name + ": data_offsets are not integers: " + offs);
        }
        long begin = offs.get(0).asLong();
        long end = offs.get(1).asLong();
        if (begin < 0 || end < begin || !offs.get(1).canConvertToLong() || end > fileSize - dataStart) {
            throw new ModelFormatException(file, "tensor " + name + " data_offsets " + offs + " are out of range (data section "
                + "has " + (fileSize - dataStart) + " bytes)");
        }
        long expected = elements * type.blockBytes;
        if (end - begin != expected) {
            throw new ModelFormatException(file, "tensor " + name + ": dtype/shape mismatch: " + (end - begin) + " bytes but "
                + dtype + " " + shapeNode + " needs " + expected);
        }
        return new TensorInfo(name, type, shape, file, dataStart + begin, end - begin);
    }
}

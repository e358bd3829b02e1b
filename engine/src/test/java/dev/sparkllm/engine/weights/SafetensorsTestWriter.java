package dev.sparkllm.engine.weights;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes {@code .safetensors} files for tests from raw tensor bytes. */
public final class SafetensorsTestWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ObjectNode header = JSON.createObjectNode();
    private final ByteArrayOutputStream data = new ByteArrayOutputStream();

    public SafetensorsTestWriter tensor(String name, String dtype, long[] shape, byte[] bytes) {
        ObjectNode t = header.putObject(name);
        t.put("dtype", dtype);
        var s = t.putArray("shape");
        for (long d : shape) s.add(d);
        t.putArray("data_offsets").add(data.size()).add(data.size() + bytes.length);
        data.write(bytes, 0, bytes.length);
        return this;
    }

    public SafetensorsTestWriter metadata(String key, String value) {
        ((ObjectNode) header.with("__metadata__")).put(key, value);
        return this;
    }

    public Path write(Path file) throws IOException {
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(h.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(len.array());
        out.write(h);
        data.writeTo(out);
        Files.write(file, out.toByteArray());
        return file;
    }

    /** The stored bytes of a tensor, straight from its file. */
    public static byte[] rawBytes(TensorInfo info) throws IOException {
        try (var ch = java.nio.channels.FileChannel.open(info.file())) {
            ByteBuffer bb = ByteBuffer.allocate((int) info.byteLength());
            while (bb.hasRemaining()) ch.read(bb, info.offset() + bb.position());
            return bb.array();
        }
    }
}

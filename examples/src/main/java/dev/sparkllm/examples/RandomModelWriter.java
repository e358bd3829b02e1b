package dev.sparkllm.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a Hugging Face model directory with random F32 weights: the demo model ({@code models/demo-qwen2}) widened and
 * deepened to a given shape, with the demo's tokenizer, chat template and generation config. Speed depends on the
 * shape, not on the weights' values, so a benchmark that must load its model from a path (as Spark executors do)
 * gets a model big enough for the engine's work to dominate, without a download.
 */
final class RandomModelWriter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COPIED = List.of("tokenizer.json", "tokenizer_config.json", "generation_config.json");

    /** The shape: hidden size, layers, attention and key/value heads, MLP width. */
    record Shape(int hidden, int layers, int heads, int kvHeads, int intermediate) {
        Shape {
            if (hidden % heads != 0 || heads % kvHeads != 0) {
                throw new IllegalArgumentException("hidden must be a multiple of heads, heads of kv heads: " + this);
            }
        }

        String dirName() {
            return "qwen2-random-h" + hidden + "-l" + layers + "-a" + heads + "-kv" + kvHeads + "-i" + intermediate;
        }
    }

    private RandomModelWriter() { }

    /** The model of {@code shape} under {@code parent}, written once (same seed, same weights) and reused afterwards. */
    static Path writeOnce(Path demoModel, Shape shape, Path parent) {
        Path dir = parent.resolve(shape.dirName());
        if (Files.exists(dir.resolve("model.safetensors"))) return dir;
        try {
            Path tmp = Files.createDirectories(parent).resolve(shape.dirName() + ".partial");
            Files.createDirectories(tmp);
            ObjectNode config = (ObjectNode) JSON.readTree(demoModel.resolve("config.json").toFile());
            config.put("hidden_size", shape.hidden()).put("num_hidden_layers", shape.layers())
                .put("num_attention_heads", shape.heads()).put("num_key_value_heads", shape.kvHeads())
                .put("intermediate_size", shape.intermediate()).put("max_window_layers", shape.layers())
                .put("torch_dtype", "float32");
            JSON.writerWithDefaultPrettyPrinter().writeValue(tmp.resolve("config.json").toFile(), config);
            for (String f : COPIED) Files.copy(demoModel.resolve(f), tmp.resolve(f), StandardCopyOption.REPLACE_EXISTING);
            writeWeights(tmp.resolve("model.safetensors"), tensors(shape, config.get("vocab_size").asInt()));
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);   // a half-written model is never picked up
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a random model under " + parent, e);
        }
    }

    /** Qwen2's tensors (tied embeddings, q/k/v biases), by name, with their shapes. */
    private static Map<String, long[]> tensors(Shape s, int vocab) {
        int headDim = s.hidden() / s.heads();
        int kv = s.kvHeads() * headDim;
        Map<String, long[]> t = new LinkedHashMap<>();
        t.put("model.embed_tokens.weight", new long[] {vocab, s.hidden()});
        for (int l = 0; l < s.layers(); l++) {
            String p = "model.layers." + l + ".";
            t.put(p + "input_layernorm.weight", new long[] {s.hidden()});
            t.put(p + "post_attention_layernorm.weight", new long[] {s.hidden()});
            t.put(p + "self_attn.q_proj.weight", new long[] {s.hidden(), s.hidden()});
            t.put(p + "self_attn.q_proj.bias", new long[] {s.hidden()});
            t.put(p + "self_attn.k_proj.weight", new long[] {kv, s.hidden()});
            t.put(p + "self_attn.k_proj.bias", new long[] {kv});
            t.put(p + "self_attn.v_proj.weight", new long[] {kv, s.hidden()});
            t.put(p + "self_attn.v_proj.bias", new long[] {kv});
            t.put(p + "self_attn.o_proj.weight", new long[] {s.hidden(), s.hidden()});
            t.put(p + "mlp.gate_proj.weight", new long[] {s.intermediate(), s.hidden()});
            t.put(p + "mlp.up_proj.weight", new long[] {s.intermediate(), s.hidden()});
            t.put(p + "mlp.down_proj.weight", new long[] {s.hidden(), s.intermediate()});
        }
        t.put("model.norm.weight", new long[] {s.hidden()});
        return t;
    }

    /** A safetensors file: little-endian header length, JSON header, then each tensor's F32 values in order. */
    private static void writeWeights(Path file, Map<String, long[]> tensors) throws IOException {
        ObjectNode header = JSON.createObjectNode();
        long offset = 0;
        List<Map.Entry<String, long[]>> order = new ArrayList<>(tensors.entrySet());
        for (Map.Entry<String, long[]> e : order) {
            long bytes = 4 * elements(e.getValue());
            ObjectNode n = header.putObject(e.getKey()).put("dtype", "F32");
            for (long d : e.getValue()) n.withArray("shape").add(d);
            n.putArray("data_offsets").add(offset).add(offset + bytes);
            offset += bytes;
        }
        byte[] h = header.toString().getBytes(StandardCharsets.UTF_8);
        SplittableRandom random = new SplittableRandom(42);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, h.length));
            writeFully(out, ByteBuffer.wrap(h));
            for (Map.Entry<String, long[]> e : order) writeTensor(out, e.getKey(), e.getValue(), random);
        }
    }

    /**
     * Norm weights are 1 and biases 0, as at initialisation; matrices are uniform in ±1/√fan-in so activations stay
     * in a normal range through every layer (no overflow to infinities that would make the timing unrepresentative).
     */
    private static void writeTensor(FileChannel out, String name, long[] shape, SplittableRandom random) throws IOException {
        boolean norm = name.endsWith("norm.weight");
        boolean bias = name.endsWith(".bias");
        double scale = shape.length == 2 ? 1 / Math.sqrt(shape[1]) : 0;
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (long i = elements(shape); i > 0; i--) {
            float v = norm ? 1f : bias ? 0f : (float) ((2 * random.nextDouble() - 1) * scale);
            buf.putFloat(v);
            if (!buf.hasRemaining()) {
                buf.flip();
                writeFully(out, buf);
                buf.clear();
            }
        }
        buf.flip();
        writeFully(out, buf);
    }

    private static long elements(long[] shape) {
        long n = 1;
        for (long d : shape) n *= d;
        return n;
    }

    private static void writeFully(FileChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) out.write(buf);
    }
}

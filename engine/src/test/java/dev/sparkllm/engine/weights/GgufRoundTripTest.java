package dev.sparkllm.engine.weights;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every supported type and metadata kind written by {@link GgufTestWriter} and read back through GgufFile. */
class GgufRoundTripTest {

    @Test
    void everyTensorTypeRoundTrips(@TempDir Path tmp) throws IOException {
        Random rnd = new Random(42);
        GgufTestWriter w = new GgufTestWriter().put("general.architecture", "test");
        Map<GgmlType, byte[]> written = new java.util.EnumMap<>(GgmlType.class);
        for (GgmlType type : GgmlType.values()) {
            byte[] b = RandomWeights.bytes(type, 3, 512, rnd);
            written.put(type, b);
            w.tensor("w." + type, type, new long[] {3, 512}, b);
        }
        w.tensorF32("norm", new long[] {5}, new float[] {1, 2, 3, 4, 5});
        Path file = w.write(tmp.resolve("all-types.gguf"));
        try (GgufFile g = GgufFile.open(file)) {
            for (GgmlType type : GgmlType.values()) {
                TensorInfo info = g.info("w." + type);
                assertEquals(type, info.type());
                assertArrayEquals(new long[] {3, 512}, info.shape());
                Tensor t = g.load("w." + type);
                Tensor expected = RandomWeights.tensor(type, "w." + type, 3, 512, written.get(type));
                assertEquals(expected.getClass(), t.getClass());
                assertArrayEquals(expected.toFloatArray(), t.toFloatArray(), type.toString());
                if (t instanceof BlockTensor bt) assertArrayEquals(written.get(type), bt.data());
            }
            Tensor norm = g.load("norm");
            assertInstanceOf(F32Tensor.class, norm);
            assertEquals(1, norm.rows());
            assertArrayEquals(new float[] {1, 2, 3, 4, 5}, norm.toFloatArray());
        }
    }

    @Test
    void everyMetadataKindRoundTrips(@TempDir Path tmp) throws IOException {
        Path file = new GgufTestWriter()
            .put("s", "héllo")
            .put("i32", -7)
            .put("i64", 1L << 40)
            .put("f32", 1.5f)
            .put("f64", 2.25)
            .put("b", true)
            .put("i8", (byte) -3)
            .put("i16", (short) -300)
            .putTyped("u8", GgufTestWriter.UINT8, -1, 200)
            .putTyped("u16", GgufTestWriter.UINT16, -1, 60000)
            .putTyped("u32", GgufTestWriter.UINT32, -1, 4000000000L)
            .put("strings", List.of("a", "b c"))
            .put("floats", List.of(0.5f, -1f))
            .putTyped("empty", GgufTestWriter.ARRAY, GgufTestWriter.INT32, List.of())
            .alignment(64)
            .tensorF32("x", new long[] {2, 32}, new float[64])
            .write(tmp.resolve("md.gguf"));
        try (GgufFile g = GgufFile.open(file)) {
            Map<String, Object> md = g.metadata();
            assertEquals("héllo", md.get("s"));
            assertEquals(-7L, md.get("i32"));
            assertEquals(1L << 40, md.get("i64"));
            assertEquals(1.5f, md.get("f32"));
            assertEquals(2.25, md.get("f64"));
            assertEquals(true, md.get("b"));
            assertEquals(-3L, md.get("i8"));
            assertEquals(-300L, md.get("i16"));
            assertEquals(200L, md.get("u8"));
            assertEquals(60000L, md.get("u16"));
            assertEquals(4000000000L, md.get("u32"));
            assertEquals(List.of("a", "b c"), md.get("strings"));
            assertEquals(List.of(0.5f, -1f), md.get("floats"));
            assertEquals(List.of(), md.get("empty"));
            assertEquals(0, g.dataOffset() % 64);
            assertEquals(64, g.load("x").size());
        }
    }
}

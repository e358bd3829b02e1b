package dev.sparkllm.engine.weights;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sparkllm.engine.testing.Fixtures;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged copies of the real fixtures must fail with a {@link ModelFormatException} naming the file and the problem,
 * before any allocation sized by a corrupt field (an OutOfMemoryError would escape assertThrows and fail the test).
 */
class CorruptFilesTest {
    @TempDir Path tmp;

    private static void assertFails(Path file, String phrase, Executable action) {
        ModelFormatException e = assertThrows(ModelFormatException.class, action);
        assertTrue(e.getMessage().contains(file.getFileName().toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(phrase), "says \"" + phrase + "\": " + e.getMessage());
    }

    private Path copy(Path src, String name) throws IOException {
        return Files.copy(src, tmp.resolve(name));
    }

    private static void putLong(Path file, long pos, long value) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(pos);
            raf.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(value).array());
        }
    }

    private static void putInt(Path file, long pos, int value) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(pos);
            raf.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(value).array());
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(size);
        }
    }

    /** Position just after the first occurrence of {@code s} in the file. */
    private static long after(Path file, String s) throws IOException {
        byte[] all = Files.readAllBytes(file);
        byte[] needle = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i + needle.length <= all.length; i++) {
            if (Arrays.equals(all, i, i + needle.length, needle, 0, needle.length)) return i + needle.length;
        }
        throw new AssertionError(s + " not found");
    }

    @Test
    void truncatedGgufAtSeveralPoints() throws IOException {
        Path src = Fixtures.llamaF32Gguf();
        long dataOffset;
        try (GgufFile g = GgufFile.open(src)) {
            dataOffset = g.dataOffset();
        }
        long size = Files.size(src);
        long[] cuts = {0, 10, 23, 30, 1000, 200_000, dataOffset - 40, dataOffset + 100, size - 100};
        String[] phrases = {"too short", "too short", "too short", "truncated", "truncated", "truncated", "truncated",
            "extends past the end", "extends past the end"};
        for (int i = 0; i < cuts.length; i++) {
            Path f = copy(src, "cut" + i + ".gguf");
            truncate(f, cuts[i]);
            assertFails(f, phrases[i], () -> GgufFile.open(f));
        }
    }

    @Test
    void wrongMagicAndVersion() throws IOException {
        Path magic = copy(Fixtures.qwenQ8Gguf(), "magic.gguf");
        putInt(magic, 0, 0x4c4d5347);
        assertFails(magic, "wrong magic", () -> GgufFile.open(magic));
        Path version = copy(Fixtures.qwenQ8Gguf(), "version.gguf");
        putInt(version, 4, 4);
        assertFails(version, "version 4 is not supported", () -> GgufFile.open(version));
        // GGUF v1 used 32-bit counts: refusing it by number is the only safe answer.
        putInt(version, 4, 1);
        assertFails(version, "version 1 is not supported", () -> GgufFile.open(version));
    }

    @Test
    void versionTwoHasTheSameLayoutAndOpens() throws IOException {
        Path v2 = copy(Fixtures.qwenQ8Gguf(), "v2.gguf");
        putInt(v2, 4, 2);
        try (GgufFile f = GgufFile.open(v2); GgufFile v3 = GgufFile.open(Fixtures.qwenQ8Gguf())) {
            org.junit.jupiter.api.Assertions.assertEquals(2, f.version());
            org.junit.jupiter.api.Assertions.assertEquals(v3.metadata(), f.metadata());
            org.junit.jupiter.api.Assertions.assertArrayEquals(v3.load("blk.0.attn_q.weight").toFloatArray(),
                f.load("blk.0.attn_q.weight").toFloatArray());
        }
    }

    @Test
    void absurdLengths() throws IOException {
        Path key = copy(Fixtures.llamaQ8Gguf(), "key.gguf");
        putLong(key, 24, Long.MAX_VALUE);   // length of the first metadata key
        assertFails(key, "absurd string length", () -> GgufFile.open(key));
        Path negative = copy(Fixtures.llamaQ8Gguf(), "negative.gguf");
        putLong(negative, 24, -5);
        assertFails(negative, "absurd string length", () -> GgufFile.open(negative));
        Path array = copy(Fixtures.llamaQ8Gguf(), "array.gguf");
        putLong(array, after(array, "tokenizer.ggml.tokens") + 8, 1L << 60);   // after value type and element type
        assertFails(array, "absurd length", () -> GgufFile.open(array));
        Path counts = copy(Fixtures.llamaQ8Gguf(), "counts.gguf");
        putLong(counts, 8, 1L << 50);
        assertFails(counts, "absurd tensor count", () -> GgufFile.open(counts));
    }

    /** Position of field {@code fieldOffset} after the name in output_norm.weight's tensor info (1-D, so 1 dim). */
    private static long normInfo(Path f, int fieldOffset) throws IOException {
        long nameEnd = after(f, "output_norm.weight");
        return nameEnd + fieldOffset;
    }

    @Test
    void badTensorInfos() throws IOException {
        Path offset = copy(Fixtures.llamaQ8Gguf(), "offset.gguf");
        putLong(offset, normInfo(offset, 4 + 8 + 4), 1L << 40);
        assertFails(offset, "extends past the end", () -> GgufFile.open(offset));
        Path dims = copy(Fixtures.llamaQ8Gguf(), "dims.gguf");
        putLong(dims, normInfo(dims, 4), 1L << 50);
        assertFails(dims, "invalid dimension", () -> GgufFile.open(dims));
        Path ndims = copy(Fixtures.llamaQ8Gguf(), "ndims.gguf");
        putInt(ndims, normInfo(ndims, 0), 1000);
        assertFails(ndims, "dimensions", () -> GgufFile.open(ndims));
        Path type = copy(Fixtures.llamaQ8Gguf(), "type.gguf");
        putInt(type, normInfo(type, 4 + 8), 13);
        assertFails(type, "Q5_K", () -> GgufFile.open(type));
    }

    @Test
    void missingTensorLookup() {
        try (GgufFile g = GgufFile.open(Fixtures.llamaQ8Gguf()); SafetensorsStore s = SafetensorsStore.open(Fixtures.qwenHf())) {
            assertFails(g.path(), "missing tensor output.weight", () -> g.load("output.weight"));
            assertFails(s.path(), "missing tensor lm_head.weight", () -> s.info("lm_head.weight"));
        }
    }

    @Test
    void tensorTooLargeForAnArrayIsRefusedBeforeAllocating() throws IOException {
        long rows = 1 << 17;
        long cols = 1 << 14;   // 2^31 values: 2.28e9 bytes of Q8_0
        Path f = new GgufTestWriter().tensor("huge", GgmlType.Q8_0, new long[] {rows, cols}, new byte[0])
            .write(tmp.resolve("huge.gguf"));
        long dataOffset = Files.size(f);
        truncate(f, dataOffset + GgmlType.Q8_0.bytesFor(rows * cols));   // sparse: no disk blocks are written
        try (GgufFile g = GgufFile.open(f)) {
            assertFails(f, "too large for one Java array", () -> g.load("huge"));
        }
    }

    // ---- safetensors ----

    private Path rewriteHeader(String name, UnaryOperator<String> edit) throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.llamaHf().resolve("model.safetensors"));
        int n = (int) ByteBuffer.wrap(all, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] header = edit.apply(new String(all, 8, n, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + header.length + all.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(header.length).put(header).put(all, 8 + n, all.length - 8 - n);
        Path dir = Files.createDirectories(tmp.resolve(name));
        return Files.write(dir.resolve("model.safetensors"), out.array());
    }

    @Test
    void safetensorsHeaderLengthAndGarbage() throws IOException {
        Path len = rewriteHeader("len", h -> h);
        putLong(len, 0, 1L << 40);
        assertFails(len, "header length", () -> SafetensorsStore.open(len.getParent()));
        Path neg = rewriteHeader("neg", h -> h);
        putLong(neg, 0, -1);
        assertFails(neg, "is absurd", () -> SafetensorsStore.open(neg));
        Path garbage = rewriteHeader("garbage", h -> "x" + h.substring(1));
        assertFails(garbage, "not valid JSON", () -> SafetensorsStore.open(garbage));
        Path array = rewriteHeader("array", h -> "[1,2,3]" + " ".repeat(h.length() - 7));
        assertFails(array, "not a JSON object", () -> SafetensorsStore.open(array));
        Path tiny = tmp.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertFails(tiny, "too short", () -> SafetensorsStore.open(tiny));
    }

    @Test
    void safetensorsBadEntries() throws IOException {
        Path range = rewriteHeader("range", h -> h.replace("\"data_offsets\":[0,1572864]", "\"data_offsets\":[0,9572864]"));
        assertFails(range, "out of range", () -> SafetensorsStore.open(range));
        Path reversed = rewriteHeader("reversed", h -> h.replace("[1572864,1573248]", "[1573248,1572864]"));
        assertFails(reversed, "out of range", () -> SafetensorsStore.open(reversed));
        Path mismatch = rewriteHeader("mismatch", h -> h.replace("\"shape\":[4096,96]", "\"shape\":[4096,97]"));
        assertFails(mismatch, "dtype/shape mismatch", () -> SafetensorsStore.open(mismatch));
        Path dtype = rewriteHeader("dtype", h -> h.replaceFirst("\"dtype\":\"F32\"", "\"dtype\":\"I8\""));
        assertFails(dtype, "model.embed_tokens.weight has dtype I8", () -> SafetensorsStore.open(dtype));
        Path fp8 = rewriteHeader("fp8", h -> h.replaceFirst("\"dtype\":\"F32\"", "\"dtype\":\"F8_E4M3\""));
        assertFails(fp8, "dtype F8_E4M3", () -> SafetensorsStore.open(fp8));
        Path negDim = rewriteHeader("negdim", h -> h.replace("\"shape\":[4096,96]", "\"shape\":[-4096,96]"));
        assertFails(negDim, "invalid shape dimension", () -> SafetensorsStore.open(negDim));
        Path hugeDim = rewriteHeader("hugedim", h -> h.replace("\"shape\":[4096,96]", "\"shape\":[4096,99999999999999999999]"));
        assertFails(hugeDim, "invalid shape dimension", () -> SafetensorsStore.open(hugeDim));
        Path absurdShape = rewriteHeader("absurd", h -> h.replace("\"shape\":[4096,96]", "\"shape\":[1000000,1000000,1000000]"));
        assertFails(absurdShape, "absurd shape", () -> SafetensorsStore.open(absurdShape));
        Path dup = rewriteHeader("dup", h -> h.replace("\"__metadata__\"",
            "\"model.norm.weight\":{\"dtype\":\"F32\",\"shape\":[96],\"data_offsets\":[2312448,2312832]},\"__metadata__\""));
        assertFails(dup, "duplicate tensor", () -> SafetensorsStore.open(dup));
    }

    @Test
    void safetensorsTruncatedData() throws IOException {
        Path f = rewriteHeader("trunc", h -> h);
        truncate(f, Files.size(f) - 10);
        assertFails(f, "out of range", () -> SafetensorsStore.open(f));
    }
}

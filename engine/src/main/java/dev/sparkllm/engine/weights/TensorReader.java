package dev.sparkllm.engine.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/**
 * Reads one tensor's byte range (already validated against the file size by the store) into the in-memory tensor of
 * its type. Data is copied through a small buffer so the only large allocation is the tensor's own array.
 */
public final class TensorReader {
    private static final int CHUNK = 1 << 22;
    /** Largest Java array length that every JVM accepts. */
    static final int MAX_ARRAY = Integer.MAX_VALUE - 8;

    private TensorReader() { }

    public static Tensor read(TensorInfo info) {
        long[] shape = info.shape();
        long cols = shape.length == 0 ? 1 : shape[shape.length - 1];
        long rows = cols == 0 ? 0 : info.elementCount() / cols;
        long arrayLength = info.type().blockSize == 1 ? info.elementCount() : info.byteLength();
        if (arrayLength > MAX_ARRAY || rows > Integer.MAX_VALUE || cols > Integer.MAX_VALUE) {
            throw new ModelFormatException(info.file(), "tensor " + info.name() + " " + info.shapeString() + " "
                + info.type() + " is too large for one Java array (" + info.byteLength() + " bytes)");
        }
        if (info.byteLength() != info.type().bytesFor(info.elementCount())) {
            throw new ModelFormatException(info.file(), "tensor " + info.name() + ": " + info.byteLength()
                + " bytes do not match shape " + info.shapeString() + " of type " + info.type());
        }
        int r = (int) rows;
        int c = (int) cols;
        int n = (int) arrayLength;
        String name = info.name();
        try (FileChannel ch = FileChannel.open(info.file(), StandardOpenOption.READ)) {
            switch (info.type()) {
                case F32: {
                    float[] a = new float[n];
                    copy(ch, info, (bb, at) -> { int k = bb.remaining() / 4; bb.asFloatBuffer().get(a, at, k); return k; });
                    return new F32Tensor(name, r, c, a);
                }
                case F16: return new F16Tensor(name, r, c, shorts(ch, info, n));
                case BF16: return new BF16Tensor(name, r, c, shorts(ch, info, n));
                case Q8_0: return new Q8_0Tensor(name, r, c, bytes(ch, info, n));
                case Q4_0: return new Q4_0Tensor(name, r, c, bytes(ch, info, n));
                case Q4_K: return new Q4_KTensor(name, r, c, bytes(ch, info, n));
                case Q6_K: return new Q6_KTensor(name, r, c, bytes(ch, info, n));
                default:
                    throw new ModelFormatException(info.file(), "tensor " + name + " has unsupported type " + info.type());
            }
        } catch (IOException e) {
            throw new ModelFormatException(info.file(), "cannot read tensor " + name + ": " + e.getMessage(), e);
        }
    }

    private static short[] shorts(FileChannel ch, TensorInfo info, int n) throws IOException {
        short[] a = new short[n];
        copy(ch, info, (bb, at) -> { int k = bb.remaining() / 2; bb.asShortBuffer().get(a, at, k); return k; });
        return a;
    }

    private static byte[] bytes(FileChannel ch, TensorInfo info, int n) throws IOException {
        byte[] a = new byte[n];
        copy(ch, info, (bb, at) -> { int k = bb.remaining(); bb.get(a, at, k); return k; });
        return a;
    }

    /** Drains {@code bb} into the target array at element index {@code at}; returns the elements taken. */
    private interface Sink {
        int take(ByteBuffer bb, int at);
    }

    private static void copy(FileChannel ch, TensorInfo info, Sink sink) throws IOException {
        int elemBytes = info.type().blockSize == 1 ? info.type().blockBytes : 1;
        ByteBuffer bb = ByteBuffer.allocate((int) Math.min(CHUNK, info.byteLength())).order(ByteOrder.LITTLE_ENDIAN);
        long pos = info.offset();
        long end = info.offset() + info.byteLength();
        int at = 0;
        while (pos < end) {
            bb.clear().limit((int) Math.min(bb.capacity(), end - pos));
            while (bb.hasRemaining()) {
                int got = ch.read(bb, pos + bb.position());
                if (got < 0) {
                    throw new ModelFormatException(info.file(), "truncated inside tensor " + info.name() + " (file ends at "
                        + (pos + bb.position()) + ", tensor ends at " + end + ")");
                }
            }
            pos += bb.position();
            bb.flip();
            // Chunks are multiples of the element size, so no element straddles two reads.
            at += sink.take(bb.slice().order(ByteOrder.LITTLE_ENDIAN), at);
        }
        if (at * (long) elemBytes != info.byteLength()) {
            throw new ModelFormatException(info.file(), "tensor " + info.name() + " read " + at + " elements, expected "
                + info.byteLength() / elemBytes);
        }
    }
}

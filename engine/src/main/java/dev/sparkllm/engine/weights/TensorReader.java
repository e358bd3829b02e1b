package dev.sparkllm.engine.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;

/** Reads a tensor's bytes (already validated against the file size) into the in-memory tensor of its type. */
public final class TensorReader {
    private TensorReader() { }

    public static Tensor read(TensorInfo info) {
        int rows = info.shape().length == 1 ? 1 : Math.toIntExact(info.elementCount() / info.shape()[info.shape().length - 1]);
        int cols = Math.toIntExact(info.shape()[info.shape().length - 1]);
        try (FileChannel ch = FileChannel.open(info.file(), StandardOpenOption.READ)) {
            switch (info.type()) {
                case F32: {
                    float[] data = new float[Math.toIntExact(info.elementCount())];
                    ByteBuffer bb = readAll(ch, info);
                    bb.asFloatBuffer().get(data);
                    return new F32Tensor(info.name(), rows, cols, data);
                }
                default:
                    throw new ModelFormatException(info.file(), "tensor " + info.name() + ": type " + info.type() + " not readable yet");
            }
        } catch (IOException e) {
            throw new ModelFormatException(info.file(), "cannot read tensor " + info.name() + ": " + e.getMessage(), e);
        }
    }

    static ByteBuffer readAll(FileChannel ch, TensorInfo info) throws IOException {
        ByteBuffer bb = ByteBuffer.allocate(Math.toIntExact(info.byteLength())).order(ByteOrder.LITTLE_ENDIAN);
        long pos = info.offset();
        while (bb.hasRemaining()) {
            int n = ch.read(bb, pos);
            if (n < 0) throw new ModelFormatException(info.file(), "truncated inside tensor " + info.name());
            pos += n;
        }
        bb.flip();
        return bb;
    }
}

package dev.sparkllm.engine.weights;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Little-endian sequential reader over a file header that checks every length against the bytes left in the file
 * before allocating, so a corrupt length field gives a {@link ModelFormatException}, never an OutOfMemoryError.
 */
final class BoundedFileReader {
    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
    private long bufStart;   // file position of buf[0]

    BoundedFileReader(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        this.fileSize = channel.size();
        buf.limit(0);
    }

    long position() { return bufStart + buf.position(); }

    long fileSize() { return fileSize; }

    long remaining() { return fileSize - position(); }

    private void need(long n, String what) throws IOException {
        if (n < 0 || n > remaining()) {
            throw new ModelFormatException(file, "truncated or corrupt: " + what + " needs " + n + " bytes at offset "
                + position() + " but the file has " + remaining() + " left (file size " + fileSize + ")");
        }
        if (buf.remaining() >= n) return;
        if (n > buf.capacity()) throw new IllegalStateException(what + ": " + n + " bytes exceed the read window");
        long pos = position();
        buf.compact();   // the r unread bytes (file pos .. pos+r) move to the front; read the rest after them
        bufStart = pos;
        while (buf.position() < n && channel.read(buf, bufStart + buf.position()) > 0) { }
        buf.flip();
        if (buf.remaining() < n) throw new ModelFormatException(file, "could not read " + what + " at offset " + pos);
    }

    int u8(String what) throws IOException { need(1, what); return buf.get() & 0xff; }
    int i32(String what) throws IOException { need(4, what); return buf.getInt(); }
    long i64(String what) throws IOException { need(8, what); return buf.getLong(); }
    float f32(String what) throws IOException { need(4, what); return buf.getFloat(); }
    double f64(String what) throws IOException { need(8, what); return buf.getDouble(); }
    short i16(String what) throws IOException { need(2, what); return buf.getShort(); }

    /** Reads {@code n} bytes that must fit in this reader's window (headers only). */
    byte[] bytes(long n, String what) throws IOException {
        if (n > remaining() || n < 0) need(n, what);
        if (n > Integer.MAX_VALUE - 16) throw new ModelFormatException(file, what + " length " + n + " is absurd");
        byte[] out = new byte[(int) n];
        int done = 0;
        while (done < n) {
            int chunk = (int) Math.min(n - done, buf.capacity());
            need(chunk, what);
            buf.get(out, done, chunk);
            done += chunk;
        }
        return out;
    }

    String utf8(long n, String what) throws IOException {
        return new String(bytes(n, what), StandardCharsets.UTF_8);
    }

    void skip(long n, String what) throws IOException {
        need(0, what);
        if (n > remaining()) need(n, what);
        long target = position() + n;
        if (n <= buf.remaining()) {
            buf.position(buf.position() + (int) n);
        } else {
            bufStart = target;
            buf.clear().limit(0);
        }
    }

    void seek(long pos) {
        bufStart = pos;
        buf.clear().limit(0);
    }
}

package dev.sparkllm.spark.source;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * A read-only {@link SeekableByteChannel} over a Hadoop input stream, for Arrow's file-format reader, which reads the
 * footer at the end first and then jumps to each record batch. Reads go through byte arrays because not every Hadoop
 * stream implements {@code ByteBufferReadable}.
 */
final class HadoopSeekableChannel implements SeekableByteChannel {
    private static final int CHUNK = 64 << 10;

    private final FSDataInputStream in;
    private final long size;
    private byte[] chunk;
    private boolean open = true;

    /** @param size the file's length, from its {@code FileStatus} */
    HadoopSeekableChannel(FSDataInputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (!dst.hasRemaining()) return 0;
        if (dst.hasArray()) {
            int n = in.read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            if (n > 0) dst.position(dst.position() + n);
            return n;
        }
        if (chunk == null) chunk = new byte[CHUNK];
        int n = in.read(chunk, 0, Math.min(chunk.length, dst.remaining()));
        if (n > 0) dst.put(chunk, 0, n);
        return n;
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return in.getPos();
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        in.seek(newPosition);
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return size;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public void close() throws IOException {
        if (!open) return;
        open = false;
        in.close();
    }

    private void ensureOpen() throws IOException {
        if (!open) throw new ClosedChannelException();
    }
}

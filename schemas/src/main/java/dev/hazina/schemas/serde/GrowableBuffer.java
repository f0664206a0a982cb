package dev.hazina.schemas.serde;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * An unsynchronized, reusable byte buffer for one thread's serializations (unlike
 * {@code ByteArrayOutputStream}, whose every write takes a lock).
 */
final class GrowableBuffer extends OutputStream {

    /** A buffer grown beyond this by one huge record is dropped rather than kept per thread. */
    static final int MAX_RETAINED = 1 << 20;

    private byte[] bytes = new byte[512];
    private int size;

    void reset() {
        size = 0;
    }

    boolean oversized() {
        return bytes.length > MAX_RETAINED;
    }

    @Override
    public void write(int b) {
        ensure(1);
        bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] source, int offset, int length) {
        ensure(length);
        System.arraycopy(source, offset, bytes, size, length);
        size += length;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}

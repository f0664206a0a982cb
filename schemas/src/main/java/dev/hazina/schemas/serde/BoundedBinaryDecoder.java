package dev.hazina.schemas.serde;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary decoding over one byte array that never trusts a declared size: every string, bytes
 * or fixed length and every array or map block count is checked against the bytes left before
 * anything is allocated, so hostile input fails fast with an {@link IOException} instead of an
 * out-of-memory error. Not thread-safe: one instance per thread, {@link #reset} per record.
 *
 * <p>Caveat: a block count larger than the bytes left is refused, which would also refuse a legal
 * array of zero-byte items (nulls, empty records) longer than the payload. No Hazina schema has one.
 */
public final class BoundedBinaryDecoder extends Decoder {

    private byte[] bytes;
    private int pos;
    private int limit;

    /** Points the decoder at {@code length} bytes of {@code source} from {@code offset}. */
    public BoundedBinaryDecoder reset(byte[] source, int offset, int length) {
        this.bytes = source;
        this.pos = offset;
        this.limit = offset + length;
        return this;
    }

    /** Drops the reference to the last record's bytes. */
    public void release() {
        this.bytes = null;
        this.pos = 0;
        this.limit = 0;
    }

    /** Whether every byte was consumed. */
    public boolean isEnd() {
        return pos == limit;
    }

    public int remaining() {
        return limit - pos;
    }

    @Override
    public void readNull() {
        // Null takes no bytes.
    }

    @Override
    public boolean readBoolean() throws IOException {
        require(1);
        int value = bytes[pos++];
        if (value != 0 && value != 1) {
            throw new IOException("invalid boolean byte " + value + " at offset " + (pos - 1));
        }
        return value == 1;
    }

    @Override
    public int readInt() throws IOException {
        int raw = 0;
        int shift = 0;
        int b;
        do {
            require(1);
            b = bytes[pos++] & 0xff;
            if (shift == 28 && (b & 0xf0) != 0) {
                throw new IOException("invalid int encoding (more than 32 bits) at offset " + (pos - 1));
            }
            raw |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public long readLong() throws IOException {
        long raw = 0;
        int shift = 0;
        int b;
        do {
            require(1);
            b = bytes[pos++] & 0xff;
            if (shift == 63 && (b & 0xfe) != 0) {
                throw new IOException("invalid long encoding (more than 64 bits) at offset " + (pos - 1));
            }
            raw |= (long) (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return (raw >>> 1) ^ -(raw & 1);
    }

    @Override
    public float readFloat() throws IOException {
        require(4);
        int bits = (bytes[pos] & 0xff) | (bytes[pos + 1] & 0xff) << 8 | (bytes[pos + 2] & 0xff) << 16
            | (bytes[pos + 3] & 0xff) << 24;
        pos += 4;
        return Float.intBitsToFloat(bits);
    }

    @Override
    public double readDouble() throws IOException {
        require(8);
        long bits = 0;
        for (int i = 7; i >= 0; i--) {
            bits = bits << 8 | (bytes[pos + i] & 0xff);
        }
        pos += 8;
        return Double.longBitsToDouble(bits);
    }

    @Override
    public Utf8 readString(Utf8 old) throws IOException {
        int length = length("string");
        Utf8 result = old != null ? old : new Utf8();
        result.setByteLength(length);
        System.arraycopy(bytes, pos, result.getBytes(), 0, length);
        pos += length;
        return result;
    }

    @Override
    public String readString() throws IOException {
        int length = length("string");
        String result = new String(bytes, pos, length, StandardCharsets.UTF_8);
        pos += length;
        return result;
    }

    @Override
    public void skipString() throws IOException {
        pos += length("string");
    }

    @Override
    public ByteBuffer readBytes(ByteBuffer old) throws IOException {
        int length = length("bytes");
        ByteBuffer result;
        if (old != null && length <= old.capacity()) {
            result = old;
            result.clear();
        } else {
            result = ByteBuffer.allocate(length);
        }
        result.put(bytes, pos, length);
        result.flip();
        pos += length;
        return result;
    }

    @Override
    public void skipBytes() throws IOException {
        pos += length("bytes");
    }

    @Override
    public void readFixed(byte[] out, int start, int length) throws IOException {
        require(length);
        System.arraycopy(bytes, pos, out, start, length);
        pos += length;
    }

    @Override
    public void skipFixed(int length) throws IOException {
        require(length);
        pos += length;
    }

    @Override
    public int readEnum() throws IOException {
        return readInt();
    }

    @Override
    public long readArrayStart() throws IOException {
        return blockCount();
    }

    @Override
    public long arrayNext() throws IOException {
        return blockCount();
    }

    @Override
    public long skipArray() throws IOException {
        return skipBlocks();
    }

    @Override
    public long readMapStart() throws IOException {
        return blockCount();
    }

    @Override
    public long mapNext() throws IOException {
        return blockCount();
    }

    @Override
    public long skipMap() throws IOException {
        return skipBlocks();
    }

    @Override
    public int readIndex() throws IOException {
        return readInt();
    }

    private void require(int length) throws EOFException {
        if (length < 0 || length > limit - pos) {
            throw new EOFException("truncated: needs " + length + " more byte(s) at offset " + pos + ", has "
                + (limit - pos));
        }
    }

    private int length(String what) throws IOException {
        long length = readLong();
        if (length < 0) {
            throw new IOException("negative " + what + " length " + length + " at offset " + pos);
        }
        if (length > limit - pos) {
            throw new IOException(what + " length " + length + " exceeds the " + (limit - pos)
                + " byte(s) left at offset " + pos);
        }
        return (int) length;
    }

    /** The next block's item count; a negative count is followed by the block's size in bytes. */
    private long blockCount() throws IOException {
        long count = readLong();
        if (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new IOException("invalid block count " + count + " at offset " + pos);
            }
            count = -count;
            long size = readLong();
            if (size < 0 || size > limit - pos) {
                throw new IOException("block size " + size + " exceeds the " + (limit - pos) + " byte(s) left");
            }
        }
        if (count > limit - pos) {
            throw new IOException("block of " + count + " item(s) exceeds the " + (limit - pos)
                + " byte(s) left at offset " + pos);
        }
        return count;
    }

    /** Skips blocks that declare their size; returns the item count of the next block to skip item by item. */
    private long skipBlocks() throws IOException {
        long count = readLong();
        while (count < 0) {
            if (count == Long.MIN_VALUE) {
                throw new IOException("invalid block count " + count + " at offset " + pos);
            }
            long size = readLong();
            if (size < 0 || size > limit - pos) {
                throw new IOException("block size " + size + " exceeds the " + (limit - pos) + " byte(s) left");
            }
            pos += (int) size;
            count = readLong();
        }
        if (count > limit - pos) {
            throw new IOException("block of " + count + " item(s) exceeds the " + (limit - pos)
                + " byte(s) left at offset " + pos);
        }
        return count;
    }
}

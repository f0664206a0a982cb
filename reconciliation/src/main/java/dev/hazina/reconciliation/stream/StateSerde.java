package dev.hazina.reconciliation.stream;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A compact binary serde for the stream's own state and repartitioned values, so its internal
 * topics need no registry subjects. Each value type writes and reads its fields in a fixed order,
 * after a version byte.
 */
public final class StateSerde {

    private static final byte VERSION = 1;

    public interface Writer<T> {
        void write(T value, DataOutputStream out) throws IOException;
    }

    public interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private StateSerde() {
    }

    public static <T> Serde<T> of(Writer<T> writer, Reader<T> reader) {
        Serializer<T> serializer = (topic, value) -> value == null ? null : encode(value, writer);
        Deserializer<T> deserializer = (topic, bytes) -> bytes == null ? null : decode(bytes, reader);
        return Serdes.serdeFrom(serializer, deserializer);
    }

    private static <T> byte[] encode(T value, Writer<T> writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(value, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static <T> T decode(byte[] bytes, Reader<T> reader) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalStateException("Unknown reconciliation state version " + version);
            }
            return reader.read(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package dev.hazina.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

import dev.hazina.schemas.registry.RegistryUnavailableException;
import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryClients;
import dev.hazina.schemas.registry.SchemaRegistryException;
import dev.hazina.schemas.serde.WireFormatException.Reason;

/**
 * Reads Confluent wire-format bytes into one SpecificRecord type, resolving the writer's schema to
 * the generated class's schema. Writer schemas and their datum readers are cached per id, so the
 * registry is asked once per id. Hostile bytes fail with a {@link WireFormatException} and never
 * allocate more than the payload's size (see {@link BoundedBinaryDecoder}); no other exception
 * escapes for bad bytes. A registry that cannot be reached gives a
 * {@link RegistryUnavailableException}, which is not the record's fault.
 */
final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    /** What an id resolves to: a reader, or why records of that id cannot be read. */
    private record Resolution<T>(DatumReader<T> reader, String unreadable) {
    }

    private final Class<T> type;
    private final Schema readerSchema;
    private final SpecificData data;
    private final Map<Integer, Resolution<T>> byId = new ConcurrentHashMap<>();
    private final ThreadLocal<BoundedBinaryDecoder> decoders = ThreadLocal.withInitial(BoundedBinaryDecoder::new);
    private volatile SchemaRegistryClient client;
    private volatile boolean ownsClient;

    AvroDeserializer(Class<T> type) {
        this.type = type;
        this.data = SpecificData.getForClass(type);
        this.readerSchema = data.getSchema(type);
    }

    /** Configures with its own registry client, which {@link #close} closes. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        new AvroSerdeConfig(configs); // validates the serde keys
        configure(SchemaRegistryClients.create(configs), true);
    }

    void configure(SchemaRegistryClient registry, boolean owns) {
        byId.clear();
        this.ownsClient = owns;
        this.client = registry;
    }

    @Override
    public T deserialize(String topic, byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        if (bytes.length < WireFormat.HEADER_SIZE) {
            throw new WireFormatException(Reason.MALFORMED_PAYLOAD, "Record on topic '" + topic + "' has "
                + bytes.length + " byte(s); the Confluent header alone needs " + WireFormat.HEADER_SIZE);
        }
        if (bytes[0] != WireFormat.MAGIC_BYTE) {
            throw new WireFormatException(Reason.BAD_MAGIC_BYTE, String.format("Record on topic '%s' starts with "
                + "byte 0x%02x, not the Confluent magic byte 0x00: not written by a schema-registry serializer",
                topic, bytes[0] & 0xff));
        }
        int id = WireFormat.schemaId(bytes);
        Resolution<T> resolution = resolve(topic, id);
        if (resolution.unreadable() != null) {
            throw new WireFormatException(Reason.UNREADABLE_WRITER_SCHEMA, resolution.unreadable());
        }
        return decode(topic, id, bytes, resolution.reader());
    }

    @Override
    public void close() {
        SchemaRegistryClient current = client;
        if (current != null && ownsClient) {
            current.close();
        }
    }

    private T decode(String topic, int id, byte[] bytes, DatumReader<T> reader) {
        BoundedBinaryDecoder decoder = decoders.get().reset(bytes, WireFormat.HEADER_SIZE,
            bytes.length - WireFormat.HEADER_SIZE);
        try {
            T value = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw malformed(topic, id, bytes, decoder.remaining() + " trailing byte(s) after the record", null);
            }
            return value;
        } catch (WireFormatException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw malformed(topic, id, bytes, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            decoder.release();
        }
    }

    private WireFormatException malformed(String topic, int id, byte[] bytes, String problem, Throwable cause) {
        return new WireFormatException(Reason.MALFORMED_PAYLOAD, "Record on topic '" + topic + "' (" + bytes.length
            + " bytes, schema id " + id + ") is not valid Avro for " + type.getSimpleName() + ": " + problem, cause);
    }

    private Resolution<T> resolve(String topic, int id) {
        Resolution<T> cached = byId.get(id);
        if (cached != null) {
            return cached;
        }
        SchemaRegistryClient registry = client;
        if (registry == null) {
            throw new IllegalStateException("AvroSerde for " + type.getSimpleName()
                + " is not configured: call configure(...) or use AvroSerde.forValues/forKeys");
        }
        Schema writerSchema = writerSchema(registry, topic, id);
        Resolution<T> resolution = resolution(writerSchema, id, registry);
        byId.putIfAbsent(id, resolution);
        return resolution;
    }

    private Schema writerSchema(SchemaRegistryClient registry, String topic, int id) {
        try {
            return registry.schemaById(id);
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new WireFormatException(Reason.UNKNOWN_SCHEMA_ID, "Record on topic '" + topic + "' names schema id "
                    + id + ", which the registry at " + registry.url() + " does not know: " + e.getMessage(), e);
            }
            if (e.errorCode() == SchemaRegistryException.INVALID_SCHEMA) {
                throw new WireFormatException(Reason.UNREADABLE_WRITER_SCHEMA, "Record on topic '" + topic
                    + "' names schema id " + id + ", which is not a usable Avro schema: " + e.getMessage(), e);
            }
            throw e;
        }
    }

    private Resolution<T> resolution(Schema writerSchema, int id, SchemaRegistryClient registry) {
        SchemaCompatibility.SchemaPairCompatibility compatibility =
            SchemaCompatibility.checkReaderWriterCompatibility(readerSchema, writerSchema);
        if (compatibility.getType() != SchemaCompatibilityType.COMPATIBLE) {
            StringBuilder why = new StringBuilder();
            for (SchemaCompatibility.Incompatibility problem : compatibility.getResult().getIncompatibilities()) {
                why.append(why.isEmpty() ? "" : "; ").append(problem.getType()).append(" at ")
                    .append(problem.getLocation()).append(" (").append(problem.getMessage()).append(')');
            }
            return new Resolution<>(null, "Schema id " + id + " (" + writerSchema.getFullName() + ", registry "
                + registry.url() + ") cannot be read as " + readerSchema.getFullName() + ": " + why);
        }
        return new Resolution<>(new SpecificDatumReader<>(writerSchema, readerSchema, data), null);
    }
}

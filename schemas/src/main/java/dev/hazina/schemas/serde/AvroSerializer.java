package dev.hazina.schemas.serde;

import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryClients;

/**
 * Writes one SpecificRecord type in the Confluent wire format. The schema id is resolved once per
 * topic (registered, or looked up when auto-registration is off) and cached; each thread reuses
 * its own buffer and encoder, so a record costs its Avro encoding plus one array copy.
 */
final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    /** One thread's reusable buffer and encoder. */
    private static final class Scratch {
        final GrowableBuffer buffer = new GrowableBuffer();
        BinaryEncoder encoder;
    }

    private final Class<T> type;
    private final Schema schema;
    private final DatumWriter<T> writer;
    private final Map<String, Integer> idsByTopic = new ConcurrentHashMap<>();
    private final ThreadLocal<Scratch> scratch = ThreadLocal.withInitial(Scratch::new);
    private volatile Settings settings;

    /** What configure decides: the registry, key or value, whether to register. */
    private record Settings(SchemaRegistryClient client, boolean ownsClient, boolean isKey, boolean autoRegister) {
    }

    AvroSerializer(Class<T> type) {
        SpecificData data = SpecificData.getForClass(type);
        this.type = type;
        this.schema = data.getSchema(type);
        this.writer = new SpecificDatumWriter<>(schema, data);
    }

    /** Configures with its own registry client, which {@link #close} closes. */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        configure(SchemaRegistryClients.create(configs), true, isKey, config.autoRegisterSchemas());
    }

    void configure(SchemaRegistryClient client, boolean ownsClient, boolean isKey, boolean autoRegister) {
        idsByTopic.clear();
        this.settings = new Settings(client, ownsClient, isKey, autoRegister);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Settings current = settings();
        int id = schemaId(current, topic);
        Scratch local = scratch.get();
        GrowableBuffer buffer = local.buffer;
        buffer.reset();
        WireFormat.writeHeader(buffer, id);
        local.encoder = EncoderFactory.get().directBinaryEncoder(buffer, local.encoder);
        try {
            writer.write(data, local.encoder);
            return buffer.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot serialize a " + type.getSimpleName() + " for topic '" + topic
                + "': " + e.getMessage(), e);
        } finally {
            if (buffer.oversized()) {
                scratch.remove();
            }
        }
    }

    @Override
    public void close() {
        Settings current = settings;
        if (current != null && current.ownsClient()) {
            current.client().close();
        }
    }

    private Settings settings() {
        Settings current = settings;
        if (current == null) {
            throw new IllegalStateException("AvroSerde for " + type.getSimpleName()
                + " is not configured: call configure(...) or use AvroSerde.forValues/forKeys");
        }
        return current;
    }

    private int schemaId(Settings current, String topic) {
        Integer cached = idsByTopic.get(topic);
        if (cached != null) {
            return cached;
        }
        String subject = WireFormat.subject(topic, current.isKey());
        int id;
        if (current.autoRegister()) {
            id = current.client().register(subject, schema);
        } else {
            Optional<Integer> found = current.client().lookup(subject, schema);
            id = found.orElseThrow(() -> new WireFormatException(WireFormatException.Reason.SCHEMA_NOT_REGISTERED,
                "The " + type.getSimpleName() + " schema is not registered under subject '" + subject
                    + "' in the registry at " + current.client().url() + " and "
                    + AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG
                    + " is false: register schemas explicitly first (hazina schemas register)"));
        }
        idsByTopic.put(topic, id);
        return id;
    }
}

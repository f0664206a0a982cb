package dev.hazina.schemas.serde;

import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryClients;

/**
 * A Kafka serde for one generated Avro type in the Confluent wire format (magic byte 0, 4-byte
 * big-endian schema id, Avro binary), with subjects named by TopicNameStrategy
 * ({@code <topic>-value}, {@code <topic>-key}).
 *
 * <p>Thread-safe, and one instance may serve several topics (e.g. a Streams changelog next to its
 * source): ids are cached per topic, writer schemas and readers per id. Configure it before use,
 * with {@link #configure} or the {@link #forValues}/{@link #forKeys} factories; see
 * {@link AvroSerdeConfig} for the keys.
 *
 * <p>Deserializing fails with a {@link WireFormatException} for bad bytes (dead-letter them) and
 * with a {@link dev.hazina.schemas.registry.RegistryUnavailableException} when the registry cannot
 * be reached (fatal: the record is fine). Kafka Streams hands both to its
 * {@code DeserializationExceptionHandler}: the handler may dead-letter a {@code WireFormatException}
 * but must fail on a {@code RegistryUnavailableException} (or any other registry error).
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;
    private volatile SchemaRegistryClient client;

    public AvroSerde(Class<T> type) {
        this.serializer = new AvroSerializer<>(type);
        this.deserializer = new AvroDeserializer<>(type);
    }

    /** A serde for record values, configured. */
    public static <T extends SpecificRecord> AvroSerde<T> forValues(Class<T> type, Map<String, ?> config) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(config, false);
        return serde;
    }

    /** A serde for record keys, configured. */
    public static <T extends SpecificRecord> AvroSerde<T> forKeys(Class<T> type, Map<String, ?> config) {
        AvroSerde<T> serde = new AvroSerde<>(type);
        serde.configure(config, true);
        return serde;
    }

    /**
     * Reads the config and connects to the registry (one client shared by serializer and deserializer).
     *
     * @throws org.apache.kafka.common.config.ConfigException when the config is missing or invalid
     */
    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs);
        SchemaRegistryClient registry = SchemaRegistryClients.create(configs);
        serializer.configure(registry, false, isKey, config.autoRegisterSchemas());
        deserializer.configure(registry, false);
        SchemaRegistryClient previous = client;
        client = registry;
        if (previous != null && previous != registry) {
            previous.close();
        }
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        SchemaRegistryClient registry = client;
        if (registry != null) {
            registry.close();
        }
    }
}

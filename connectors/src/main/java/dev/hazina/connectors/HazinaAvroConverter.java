package dev.hazina.connectors;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.errors.RetriableException;
import org.apache.kafka.connect.storage.Converter;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.apicurio.registry.utils.converter.avro.AvroDataConfig;

import dev.hazina.schemas.registry.RegistryUnavailableException;
import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryClients;
import dev.hazina.schemas.registry.SchemaRegistryException;
import dev.hazina.schemas.serde.AvroSerdeConfig;
import dev.hazina.schemas.serde.BoundedBinaryDecoder;
import dev.hazina.schemas.serde.WireFormat;

/**
 * A Kafka Connect converter for Avro in the Confluent wire format against any Confluent-compatible
 * registry ({@code schema.registry.url}: Confluent Schema Registry, Karapace, Apicurio's
 * {@code /apis/ccompat/v7}). Records are read with their writer's schema, so a field added by an
 * evolved schema reaches the sink as a new field; Apicurio's {@link AvroData} translates Avro to
 * Connect data. Bytes that are not Confluent Avro fail with a {@link DataException} naming why (the
 * connector's {@code errors.tolerance} decides whether they go to its dead-letter topic); a registry
 * that cannot be reached is a {@link RetriableException}.
 */
public final class HazinaAvroConverter implements Converter {

    private final Map<Integer, org.apache.avro.Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubject = new ConcurrentHashMap<>();
    private final ThreadLocal<BoundedBinaryDecoder> decoders = ThreadLocal.withInitial(BoundedBinaryDecoder::new);
    private SchemaRegistryClient registry;
    private AvroData avroData;
    private boolean isKey;
    private boolean autoRegister;

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        this.registry = SchemaRegistryClients.create(configs);
        this.avroData = new AvroData(new AvroDataConfig(configs));
        this.autoRegister = new AvroSerdeConfig(configs).autoRegisterSchemas();
        this.isKey = isKey;
    }

    @Override
    public SchemaAndValue toConnectData(String topic, byte[] bytes) {
        if (bytes == null) {
            return SchemaAndValue.NULL;
        }
        if (bytes.length < WireFormat.HEADER_SIZE || bytes[0] != WireFormat.MAGIC_BYTE) {
            throw new DataException("Record on topic '" + topic + "' is not Confluent wire-format Avro: "
                + bytes.length + " byte(s)" + (bytes.length == 0 ? "" : String.format(", first byte 0x%02x", bytes[0] & 0xff)));
        }
        int id = WireFormat.schemaId(bytes);
        org.apache.avro.Schema writerSchema = schemasById.computeIfAbsent(id, known -> writerSchema(topic, known));
        BoundedBinaryDecoder decoder = decoders.get().reset(bytes, WireFormat.HEADER_SIZE, bytes.length - WireFormat.HEADER_SIZE);
        try {
            Object value = new GenericDatumReader<>(writerSchema).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new DataException("Record on topic '" + topic + "' (schema id " + id + ") has "
                    + decoder.remaining() + " trailing byte(s) after the Avro record");
            }
            return avroData.toConnectData(writerSchema, value);
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException dataException) {
                throw dataException;
            }
            throw new DataException("Record on topic '" + topic + "' (schema id " + id + ") is not valid Avro for "
                + writerSchema.getFullName() + ": " + e, e);
        } finally {
            decoder.release();
        }
    }

    @Override
    public byte[] fromConnectData(String topic, Schema schema, Object value) {
        if (value == null) {
            return null;
        }
        org.apache.avro.Schema avroSchema = avroData.fromConnectSchema(schema);
        String subject = WireFormat.subject(topic, isKey);
        int id = idsBySubject.computeIfAbsent(subject + '\n' + avroSchema, key -> schemaId(subject, avroSchema));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(WireFormat.MAGIC_BYTE);
        out.write(id >>> 24);
        out.write(id >>> 16);
        out.write(id >>> 8);
        out.write(id);
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            new GenericDatumWriter<>(avroSchema).write(avroData.fromConnectData(schema, value), encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new DataException("Cannot write a " + avroSchema.getFullName() + " for topic '" + topic + "': " + e, e);
        }
        return out.toByteArray();
    }

    @Override
    public ConfigDef config() {
        return AvroSerdeConfig.configDef();
    }

    @Override
    public void close() {
        if (registry != null) {
            registry.close();
        }
    }

    private org.apache.avro.Schema writerSchema(String topic, int id) {
        try {
            return registry.schemaById(id);
        } catch (RegistryUnavailableException e) {
            throw new RetriableException("Schema registry " + registry.url() + " unreachable: " + e.getMessage(), e);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                throw new DataException("Record on topic '" + topic + "' names schema id " + id
                    + ", which the registry at " + registry.url() + " does not know", e);
            }
            throw new DataException("Schema id " + id + " for topic '" + topic + "' is unusable: " + e.getMessage(), e);
        }
    }

    private int schemaId(String subject, org.apache.avro.Schema schema) {
        try {
            return autoRegister ? registry.register(subject, schema)
                : registry.lookup(subject, schema).orElseThrow(() -> new DataException("Schema " + schema.getFullName()
                    + " is not registered under " + subject + " and auto.register.schemas is off"));
        } catch (RegistryUnavailableException e) {
            throw new RetriableException("Schema registry " + registry.url() + " unreachable: " + e.getMessage(), e);
        }
    }
}

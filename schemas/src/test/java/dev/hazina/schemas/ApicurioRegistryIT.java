package dev.hazina.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.hazina.schemas.registry.RegistryConfig;
import dev.hazina.schemas.registry.RegistryUnavailableException;
import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryClients;
import dev.hazina.schemas.registry.SchemaRegistryException;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.schemas.serde.AvroSerdeConfig;
import dev.hazina.schemas.serde.SampleRecords;
import dev.hazina.schemas.serde.SchemaRegistrar;
import dev.hazina.schemas.serde.WireFormatException;

/**
 * The registry client and AvroSerde against a real Apicurio Registry (Confluent API at
 * /apis/ccompat/v7), and against an independent implementation in another language (node).
 */
class ApicurioRegistryIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static ApicurioServer apicurio;
    private static NodeCodec node;

    @BeforeAll
    static void start() throws Exception {
        node = NodeCodec.install(ApicurioServer.dirProperty("hazina.node.dir", "src/test/node"));
        apicurio = ApicurioServer.start(ApicurioServer.dirProperty("hazina.registry.server.dir", "../registry-server/target"),
            ApicurioServer.dirProperty("hazina.it.work.dir", "target/it"));
    }

    @AfterAll
    static void stop() {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    @Test
    void shouldRegisterIdempotentlyAndLookUp() {
        // Given
        SchemaRegistryClient client = client();

        // When
        int id = client.register("it.register-value", TransferRequest.getClassSchema());
        int again = client().register("it.register-value", TransferRequest.getClassSchema());

        // Then
        assertThat(again).isEqualTo(id);
        assertThat(client().lookup("it.register-value", TransferRequest.getClassSchema())).contains(id);
        assertThat(client().lookup("it.register-value", LedgerEntry.getClassSchema())).isEmpty();
        assertThat(client().schemaById(id).toString())
            .isEqualTo(HazinaSchemas.plain(TransferRequest.getClassSchema()).toString());
        assertThat(client().latest("it.register-value").id()).isEqualTo(id);
        assertThat(client().subjects()).contains("it.register-value");
    }

    @Test
    void shouldRoundTripThroughAvroSerde() {
        // Given
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.url());
        AvroSerde<TransferRequest> requests = AvroSerde.forValues(TransferRequest.class, config);
        AvroSerde<LedgerEntry> entries = AvroSerde.forValues(LedgerEntry.class, config);

        // When
        byte[] requestBytes = requests.serializer().serialize("it.roundtrip.requests", SampleRecords.transferRequest());
        byte[] entryBytes = entries.serializer().serialize("it.roundtrip.entries", SampleRecords.ledgerEntry());

        // Then
        assertThat(AvroSerde.forValues(TransferRequest.class, config).deserializer()
            .deserialize("it.roundtrip.requests", requestBytes)).isEqualTo(SampleRecords.transferRequest());
        assertThat(AvroSerde.forValues(LedgerEntry.class, config).deserializer()
            .deserialize("it.roundtrip.entries", entryBytes)).isEqualTo(SampleRecords.ledgerEntry());
        assertThat(ByteBuffer.wrap(requestBytes, 1, 4).getInt())
            .isEqualTo(client().lookup("it.roundtrip.requests-value", TransferRequest.getClassSchema()).orElseThrow());
    }

    @Test
    void shouldRoundTripEveryRecordTypeWithExplicitRegistrationAndAutoRegisterOff() {
        // Given
        Map<String, Schema> subjects = new LinkedHashMap<>();
        for (SpecificRecord record : SampleRecords.all()) {
            subjects.put(SchemaRegistrar.subject("it.explicit." + record.getSchema().getName(), false), record.getSchema());
        }
        Map<String, Integer> ids = SchemaRegistrar.registerAll(client(), subjects, "BACKWARD");
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.url(),
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false);

        for (SpecificRecord record : SampleRecords.all()) {
            String topic = "it.explicit." + record.getSchema().getName();
            @SuppressWarnings({"unchecked", "rawtypes"})
            AvroSerde<SpecificRecord> serde = AvroSerde.forValues((Class) record.getClass(), config);

            // When
            byte[] bytes = serde.serializer().serialize(topic, record);

            // Then
            assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(ids.get(topic + "-value"));
            assertThat(serde.deserializer().deserialize(topic, bytes)).isEqualTo(record);
            assertThat(client().compatibility(topic + "-value")).isEqualTo("BACKWARD");
        }
    }

    @Test
    void shouldRefuseUnregisteredSchemaWhenAutoRegisterIsOff() {
        // Given
        AvroSerde<LedgerEntry> serde = AvroSerde.forValues(LedgerEntry.class, Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.url(),
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false));

        // When / Then
        assertThatThrownBy(() -> serde.serializer().serialize("it.never-registered", SampleRecords.ledgerEntry()))
            .isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.SCHEMA_NOT_REGISTERED))
            .hasMessageContaining("it.never-registered-value");
    }

    @Test
    void shouldRefuseIncompatibleSchemaUnderBackwardWithClearError() throws Exception {
        // Given
        SchemaRegistryClient client = client();
        String subject = "it.backward-value";
        client.register(subject, TransferRequest.getClassSchema());
        client.setCompatibility(subject, "BACKWARD");
        Schema breaking = withField(TransferRequest.getClassSchema(), "{\"name\":\"fee\",\"type\":\"long\"}");
        Schema compatible = withField(TransferRequest.getClassSchema(),
            "{\"name\":\"fee\",\"type\":\"long\",\"default\":0}");

        // When / Then
        assertThat(client.compatibility(subject)).isEqualTo("BACKWARD");
        assertThat(client.testCompatibility(subject, breaking)).isFalse();
        assertThat(client.testCompatibility(subject, compatible)).isTrue();
        assertThatThrownBy(() -> client.register(subject, breaking))
            .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
            .isNotInstanceOf(RegistryUnavailableException.class)
            .hasMessageContaining("subject '" + subject + "'")
            .hasMessageContaining("incompatible")
            .hasMessageContaining(apicurio.url());
        assertThat(client.register(subject, compatible)).isPositive();
        assertThat(client.latest(subject).version()).isEqualTo(2);
    }

    @Test
    void shouldFallBackToGlobalCompatibilityForSubjectsWithoutTheirOwn() {
        // Given
        client().register("it.no-level-value", LedgerEntry.getClassSchema());

        // When / Then Apicurio's global default is NONE
        assertThat(client().compatibility("it.no-level-value")).isEqualTo("NONE");
        assertThat(client().compatibility("it.no-such-subject")).isEqualTo("NONE");
        assertThat(client().compatibility(null)).isEqualTo("NONE");
    }

    @Test
    void shouldKeepSchemaIdsAcrossClientRestarts() {
        // Given
        Map<String, Integer> first = new LinkedHashMap<>();
        try (SchemaRegistryClient client = client()) {
            for (SpecificRecord record : SampleRecords.all()) {
                first.put(record.getSchema().getName(), client.register("it.stable." + record.getSchema().getName(),
                    record.getSchema()));
            }
        }

        // When
        Map<String, Integer> second = new LinkedHashMap<>();
        try (SchemaRegistryClient restarted = client()) {
            for (SpecificRecord record : SampleRecords.all()) {
                second.put(record.getSchema().getName(), restarted.register("it.stable." + record.getSchema().getName(),
                    record.getSchema()));
            }
        }

        // Then
        assertThat(second).isEqualTo(first);
        assertThat(first.values()).doesNotHaveDuplicates();
    }

    @Test
    void shouldReportUnknownSchemaIdFromTheRealRegistry() {
        // Given
        AvroSerde<LedgerEntry> serde = AvroSerde.forValues(LedgerEntry.class,
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.url()));
        byte[] bytes = serde.serializer().serialize("it.unknown-id", SampleRecords.ledgerEntry());
        ByteBuffer.wrap(bytes, 1, 4).putInt(987_654);

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize("it.unknown-id", bytes))
            .isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA_ID))
            .hasMessageContaining("987654");
    }

    @Test
    void shouldGiveOneClearErrorNamingTheUrlWhenTheRegistryIsUnreachable() throws IOException {
        // Given
        String url = "http://127.0.0.1:" + ApicurioServer.freePort() + ApicurioServer.CCOMPAT;
        SchemaRegistryClient offline = SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, url,
            RegistryConfig.RETRIES_CONFIG, 2, RegistryConfig.RETRY_BACKOFF_MS_CONFIG, 10));

        // When / Then
        assertThatThrownBy(() -> offline.register("it.offline-value", LedgerEntry.getClassSchema()))
            .isExactlyInstanceOf(RegistryUnavailableException.class)
            .hasMessageStartingWith("Schema registry unavailable at " + url)
            .hasMessageContaining("3 attempt(s)");
    }

    @Test
    void shouldDecodeAvroSerdeBytesWithAnIndependentImplementation() throws Exception {
        // Given
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.url());
        byte[] request = AvroSerde.forValues(TransferRequest.class, config).serializer()
            .serialize("it.xlang.requests", SampleRecords.transferRequest());
        byte[] entry = AvroSerde.forValues(LedgerEntry.class, config).serializer()
            .serialize("it.xlang.entries", SampleRecords.ledgerEntry());
        ObjectNode instruction = MAPPER.createObjectNode().put("registry", apicurio.url());
        instruction.putArray("decode").add(HexFormat.of().formatHex(request)).add(HexFormat.of().formatHex(entry));

        // When
        JsonNode decoded = node.call(instruction).get("decoded");

        // Then
        assertSameFields(decoded.get(0), SampleRecords.transferRequest());
        assertSameFields(decoded.get(1), SampleRecords.ledgerEntry());
    }

    @Test
    void shouldDecodeBytesFromAnIndependentImplementationWithAvroSerde() throws Exception {
        // Given records as node writes them, registered by node under its own subjects
        ObjectNode instruction = MAPPER.createObjectNode().put("registry", apicurio.url());
        instruction.putArray("encode")
            .add(encodeItem("it.node.requests-value", SampleRecords.transferRequest()))
            .add(encodeItem("it.node.entries-value", SampleRecords.ledgerEntry()));

        // When
        JsonNode encoded = node.call(instruction).get("encoded");
        Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.url());
        TransferRequest request = AvroSerde.forValues(TransferRequest.class, config).deserializer()
            .deserialize("it.node.requests", HexFormat.of().parseHex(encoded.get(0).get("hex").asText()));
        LedgerEntry entry = AvroSerde.forValues(LedgerEntry.class, config).deserializer()
            .deserialize("it.node.entries", HexFormat.of().parseHex(encoded.get(1).get("hex").asText()));

        // Then
        assertThat(request).isEqualTo(SampleRecords.transferRequest());
        assertThat(entry).isEqualTo(SampleRecords.ledgerEntry());
        assertSameFields(fieldsOf(request), SampleRecords.transferRequest());
        assertThat(encoded.get(0).get("id").asInt()).as("same schema text, same id in both languages")
            .isEqualTo(client().register("it.java.requests-value", TransferRequest.getClassSchema()));
        assertThat(encoded.get(1).get("id").asInt())
            .isEqualTo(client().register("it.java.entries-value", LedgerEntry.getClassSchema()));
    }

    private static SchemaRegistryClient client() {
        return SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, apicurio.url()));
    }

    private static ObjectNode encodeItem(String subject, SpecificRecord record) {
        ObjectNode item = MAPPER.createObjectNode().put("subject", subject)
            .put("schema", HazinaSchemas.plain(record.getSchema()).toString());
        item.set("record", fieldsOf(record));
        return item;
    }

    /** The record's fields as JSON, as avsc represents them: enums as names, nullable unions unwrapped. */
    private static ObjectNode fieldsOf(SpecificRecord record) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (Schema.Field field : record.getSchema().getFields()) {
            fields.set(field.name(), MAPPER.valueToTree(plainValue(record.get(field.pos()))));
        }
        return fields;
    }

    private static Object plainValue(Object value) {
        if (value instanceof Enum<?> symbol) {
            return symbol.name();
        }
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof ByteBuffer bytes) {
            // As Node writes a Buffer in JSON, which codec.js turns back into one.
            ByteBuffer copy = bytes.duplicate();
            List<Integer> data = new ArrayList<>();
            while (copy.hasRemaining()) {
                data.add(copy.get() & 0xff);
            }
            return Map.of("type", "Buffer", "data", data);
        }
        return value;
    }

    private static void assertSameFields(JsonNode actual, SpecificRecord expected) {
        ObjectNode wanted = fieldsOf(expected);
        assertThat(actual).as("decoded record").isNotNull();
        for (Schema.Field field : expected.getSchema().getFields()) {
            JsonNode want = wanted.get(field.name());
            JsonNode got = actual.get(field.name());
            if (want.isNumber()) {
                assertThat(got.isNumber()).as(field.name()).isTrue();
                assertThat(got.asLong()).as(field.name()).isEqualTo(want.asLong());
            } else {
                assertThat(got).as(field.name()).isEqualTo(want);
            }
        }
        assertThat(actual.size()).as("field count").isEqualTo(expected.getSchema().getFields().size());
    }

    private static Schema withField(Schema schema, String fieldJson) throws IOException {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(HazinaSchemas.plain(schema).toString());
        tree.withArray("fields").add(MAPPER.readTree(fieldJson));
        return new Schema.Parser().parse(tree.toString());
    }
}

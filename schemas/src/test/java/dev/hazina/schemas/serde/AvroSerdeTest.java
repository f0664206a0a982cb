package dev.hazina.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.hazina.schemas.HazinaSchemas;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.registry.MockSchemaRegistry;

class AvroSerdeTest {

    private final String scope = "avro-serde-test-" + UUID.randomUUID();
    private final Map<String, Object> config = Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope);

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(scope);
    }

    static List<SpecificRecord> everyRecord() {
        return SampleRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecord")
    void shouldRoundTripEveryRecordType(SpecificRecord record) {
        // Given
        AvroSerde<SpecificRecord> serde = serdeFor(record, config);

        // When
        byte[] bytes = serde.serializer().serialize("hazina.test", record);
        SpecificRecord back = serde.deserializer().deserialize("hazina.test", bytes);

        // Then
        assertThat(back).isEqualTo(record);
        assertThat(back).isNotSameAs(record);
    }

    @Test
    void shouldHaveASampleForEveryRecordType() {
        // Given
        Set<String> recordTypes = HazinaSchemas.all().values().stream()
            .filter(schema -> schema.getType() == Schema.Type.RECORD)
            .map(Schema::getFullName)
            .collect(Collectors.toSet());

        // When
        Set<String> sampled = SampleRecords.all().stream()
            .map(record -> record.getSchema().getFullName())
            .collect(Collectors.toSet());

        // Then
        assertThat(sampled).isEqualTo(recordTypes);
    }

    @Test
    void shouldWriteConfluentWireFormatWithTheRegisteredId() {
        // Given
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        int otherId = registry.register("other-value", LedgerEntry.getClassSchema());
        AvroSerde<TransferRequest> serde = AvroSerde.forValues(TransferRequest.class, config);

        // When
        byte[] bytes = serde.serializer().serialize("hazina.transfer-requests", SampleRecords.transferRequest());

        // Then
        int id = registry.lookup("hazina.transfer-requests-value", TransferRequest.getClassSchema()).orElseThrow();
        assertThat(id).isNotEqualTo(otherId);
        assertThat(bytes[0]).isEqualTo((byte) 0);
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
        assertThat(registry.schemaById(id).toString())
            .isEqualTo(HazinaSchemas.plain(TransferRequest.getClassSchema()).toString());
    }

    @Test
    void shouldUseKeySubjectForKeySerde() {
        // Given
        AvroSerde<LedgerEntry> serde = AvroSerde.forKeys(LedgerEntry.class, config);

        // When
        serde.serializer().serialize("hazina.ledger-entries", SampleRecords.ledgerEntry());

        // Then
        assertThat(MockSchemaRegistry.forScope(scope).subjects()).containsExactly("hazina.ledger-entries-key");
    }

    @Test
    void shouldRegisterOneSubjectPerTopicWhenOneSerdeServesSeveralTopics() {
        // Given
        AvroSerde<LedgerEntry> serde = AvroSerde.forValues(LedgerEntry.class, config);

        // When
        byte[] first = serde.serializer().serialize("hazina.ledger-entries", SampleRecords.ledgerEntry());
        byte[] second = serde.serializer().serialize("hazina-app-entries-changelog", SampleRecords.ledgerEntry());

        // Then
        assertThat(MockSchemaRegistry.forScope(scope).subjects())
            .containsExactlyInAnyOrder("hazina.ledger-entries-value", "hazina-app-entries-changelog-value");
        assertThat(second).isEqualTo(first);
        assertThat(serde.deserializer().deserialize("hazina-app-entries-changelog", second))
            .isEqualTo(SampleRecords.ledgerEntry());
    }

    @Test
    void shouldMapNullToNullBothWays() {
        // Given
        AvroSerde<LedgerEntry> serde = AvroSerde.forValues(LedgerEntry.class, config);

        // When
        byte[] bytes = serde.serializer().serialize("t", null);
        LedgerEntry value = serde.deserializer().deserialize("t", null);

        // Then
        assertThat(bytes).isNull();
        assertThat(value).isNull();
    }

    @Test
    void shouldRefuseUnregisteredSchemaWhenAutoRegisterIsOff() {
        // Given
        AvroSerde<TransferRequest> serde = AvroSerde.forValues(TransferRequest.class,
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "false"));

        // When / Then
        assertThatThrownBy(() -> serde.serializer().serialize("hazina.transfer-requests",
            SampleRecords.transferRequest()))
            .isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.SCHEMA_NOT_REGISTERED))
            .hasMessageContaining("hazina.transfer-requests-value")
            .hasMessageContaining("register schemas explicitly");
        assertThat(MockSchemaRegistry.forScope(scope).subjects()).isEmpty();
    }

    @Test
    void shouldUseExplicitlyRegisteredSchemaWhenAutoRegisterIsOff() {
        // Given
        int id = MockSchemaRegistry.forScope(scope).register("hazina.transfer-requests-value",
            HazinaSchemas.plain(TransferRequest.getClassSchema()));
        AvroSerde<TransferRequest> serde = AvroSerde.forValues(TransferRequest.class,
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope,
                AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, false));

        // When
        byte[] bytes = serde.serializer().serialize("hazina.transfer-requests", SampleRecords.transferRequest());

        // Then
        assertThat(ByteBuffer.wrap(bytes, 1, 4).getInt()).isEqualTo(id);
    }

    @Test
    void shouldReadOlderWriterSchemaIntoCurrentClassUsingDefaults() throws Exception {
        // Given bytes from a producer whose TransferResult has no 'fee' field yet (the reader's default is 0)
        Schema older = withoutField(TransferResult.getClassSchema(), "fee");
        int olderId = MockSchemaRegistry.forScope(scope).register("hazina.transfer-results-value", older);
        GenericRecord old = new GenericData.Record(older);
        TransferResult current = SampleRecords.transferResult();
        for (Schema.Field field : older.getFields()) {
            Object value = current.get(field.name());
            old.put(field.name(), value instanceof Enum<?> symbol
                ? new GenericData.EnumSymbol(field.schema().getType() == Schema.Type.UNION
                    ? field.schema().getTypes().get(1) : field.schema(), symbol.name())
                : value);
        }
        byte[] bytes = confluentBytes(olderId, older, old);
        AvroSerde<TransferResult> serde = AvroSerde.forValues(TransferResult.class, config);

        // When
        TransferResult read = serde.deserializer().deserialize("hazina.transfer-results", bytes);

        // Then
        assertThat(read.getFee()).isZero();
        assertThat(read.getRequestId()).isEqualTo(current.getRequestId());
        assertThat(read.getReason()).isEqualTo(current.getReason());
        assertThat(read.getDecidedAt()).isEqualTo(current.getDecidedAt());
    }

    @Test
    void shouldRefuseWriterSchemaThatCannotBeResolved() throws Exception {
        // Given a writer schema whose LedgerEntry lacks 'counterparty', which the reader needs (no default)
        Schema older = withoutField(LedgerEntry.getClassSchema(), "counterparty");
        MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
        registry.setCompatibility("t-value", "NONE");
        int olderId = registry.register("t-value", older);
        byte[] bytes = AvroSerde.forValues(LedgerEntry.class, config).serializer()
            .serialize("t", SampleRecords.ledgerEntry());
        byte[] olderBytes = bytes.clone();
        ByteBuffer.wrap(olderBytes, 1, 4).putInt(olderId);
        AvroSerde<LedgerEntry> serde = AvroSerde.forValues(LedgerEntry.class, config);

        // When / Then
        assertThatThrownBy(() -> serde.deserializer().deserialize("t", olderBytes))
            .isInstanceOfSatisfying(WireFormatException.class,
                e -> assertThat(e.reason()).isEqualTo(WireFormatException.Reason.UNREADABLE_WRITER_SCHEMA))
            .hasMessageContaining("Schema id " + olderId)
            .hasMessageContaining("counterparty");
    }

    @Test
    void shouldRefuseARecordThatBreaksItsSchema() {
        // Given
        AvroSerde<LedgerEntry> serde = AvroSerde.forValues(LedgerEntry.class, config);
        LedgerEntry broken = SampleRecords.ledgerEntry();
        broken.setCurrency(null);

        // When / Then
        assertThatThrownBy(() -> serde.serializer().serialize("t", broken))
            .isInstanceOf(SerializationException.class)
            .hasMessageContaining("LedgerEntry")
            .hasMessageContaining("'t'");
    }

    @Test
    void shouldFailClearlyWhenUsedUnconfigured() {
        // Given
        AvroSerde<LedgerEntry> serde = new AvroSerde<>(LedgerEntry.class);

        // When / Then
        assertThatThrownBy(() -> serde.serializer().serialize("t", SampleRecords.ledgerEntry()))
            .isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("not configured");
    }

    @Test
    void shouldRejectConfigWithoutRegistryUrl() {
        // Given
        AvroSerde<LedgerEntry> serde = new AvroSerde<>(LedgerEntry.class);

        // When / Then
        assertThatThrownBy(() -> serde.configure(Map.of(), false))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("schema.registry.url");
    }

    @Test
    void shouldRejectNonBooleanAutoRegister() {
        // When / Then
        assertThatThrownBy(() -> AvroSerde.forValues(LedgerEntry.class, Map.of(
            AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope,
            AvroSerdeConfig.AUTO_REGISTER_SCHEMAS_CONFIG, "sometimes")))
            .isInstanceOf(ConfigException.class)
            .hasMessageContaining("auto.register.schemas");
    }

    @Test
    void shouldWorkAsSeparatelyConfiguredSerializerAndDeserializer() {
        // Given Kafka clients configure serializer and deserializer on their own
        AvroSerde<LedgerEntry> serde = new AvroSerde<>(LedgerEntry.class);
        serde.serializer().configure(config, false);
        serde.deserializer().configure(config, false);

        // When
        byte[] bytes = serde.serializer().serialize("t", SampleRecords.ledgerEntry());

        // Then
        assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(SampleRecords.ledgerEntry());
    }

    @Test
    void shouldRoundTripConcurrentlyFromManyThreads() throws Exception {
        // Given one shared serde, as Kafka Streams may share it between stream threads
        AvroSerde<TransferRequest> serde = AvroSerde.forValues(TransferRequest.class, config);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<Integer>> jobs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int thread = t;
            jobs.add(() -> {
                int ok = 0;
                for (int i = 0; i < 5_000; i++) {
                    TransferRequest request = SampleRecords.transferRequest();
                    request.setRequestId("req-" + thread + "-" + i);
                    request.setAmount(i + 1L);
                    byte[] bytes = serde.serializer().serialize("topic-" + (i % 3), request);
                    if (serde.deserializer().deserialize("topic-" + (i % 3), bytes).equals(request)) {
                        ok++;
                    }
                }
                return ok;
            });
        }

        // When
        int total = 0;
        try {
            for (Future<Integer> result : pool.invokeAll(jobs)) {
                total += result.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // Then
        assertThat(total).isEqualTo(20_000);
        assertThat(MockSchemaRegistry.forScope(scope).subjects()).hasSize(3);
    }

    static Schema withoutField(Schema schema, String name) {
        Schema plain = HazinaSchemas.plain(schema);
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : plain.getFields()) {
            if (!field.name().equals(name)) {
                fields.add(new Schema.Field(field, field.schema()));
            }
        }
        Schema copy = Schema.createRecord(plain.getName(), plain.getDoc(), plain.getNamespace(), false, fields);
        assertThat(copy.getField(name)).isNull();
        return copy;
    }

    static byte[] confluentBytes(int id, Schema schema, Object datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<Object>(schema).write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static AvroSerde<SpecificRecord> serdeFor(SpecificRecord record, Map<String, ?> config) {
        return AvroSerde.forValues((Class) record.getClass(), config);
    }
}

package dev.hazina.topology;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.TaskId;
import org.apache.kafka.streams.processor.api.Record;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.registry.RegistryUnavailableException;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.schemas.serde.WireFormatException;

class DeadLetterHandlersTest {

    private static final WireFormatException BAD_MAGIC =
        new WireFormatException(WireFormatException.Reason.BAD_MAGIC_BYTE, "starts with 0x01");

    private static final byte[] KEY = "alice".getBytes(StandardCharsets.UTF_8);
    private static final byte[] VALUE = {1, 2, 3, 4, 5};

    private Map<String, Object> configs;
    private AvroSerde<DeadLetter> serde;
    private ErrorHandlerContext context;

    record Context(String topic, int partition, long offset, Headers headers, String processorNodeId, TaskId taskId,
                   long timestamp, byte[] sourceRawKey, byte[] sourceRawValue) implements ErrorHandlerContext {
    }

    @BeforeEach
    void setUp() {
        configs = Map.of(LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://handlers-" + UUID.randomUUID(),
            LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true);
        serde = AvroSerde.forValues(DeadLetter.class, new LedgerConfig(configs).serdeConfig());
        context = new Context("hazina.transfer-requests", 3, 42L, new RecordHeaders(), "transfer-request-processor",
            new TaskId(0, 3), 1_000L, KEY, VALUE);
    }

    private DeadLetterDeserializationHandler deserializationHandler() {
        DeadLetterDeserializationHandler handler = new DeadLetterDeserializationHandler();
        handler.configure(configs);
        return handler;
    }

    @Test
    void shouldStopInsteadOfDeadLetteringAnUnreadableLegBecauseItIsTheLedgersOwnMoneyInFlight() {
        // Given
        DeadLetterDeserializationHandler handler = deserializationHandler();
        ErrorHandlerContext leg = new Context("hazina.ledger-legs", 3, 42L, new RecordHeaders(), "ledger-leg-processor",
            new TaskId(0, 3), 1_000L, KEY, VALUE);

        // When
        DeserializationExceptionHandler.Response response = handler.handleError(leg,
            new ConsumerRecord<>("hazina.ledger-legs", 3, 42L, KEY, VALUE),
            BAD_MAGIC);

        // Then
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
    }

    @Test
    void shouldDeadLetterUndecodableBytesWithTheOriginalBytesAndTheReason() {
        // Given
        DeadLetterDeserializationHandler handler = deserializationHandler();

        // When
        DeserializationExceptionHandler.Response response = handler.handleError(context,
            new ConsumerRecord<>("hazina.transfer-requests", 3, 42L, KEY, VALUE), BAD_MAGIC);

        // Then
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.RESUME);
        DeadLetter letter = onlyLetter(response.deadLetterQueueRecords());
        assertThat(letter.getReason()).isEqualTo("BAD_MAGIC_BYTE");
        assertThat(letter.getStage()).isEqualTo("deserialization");
        assertThat(letter.getSourceTopic()).isEqualTo("hazina.transfer-requests");
        assertThat(letter.getSourcePartition()).isEqualTo(3);
        assertThat(letter.getSourceOffset()).isEqualTo(42L);
        assertThat(letter.getValue().array()).isEqualTo(VALUE);
        assertThat(letter.getKey().array()).isEqualTo(KEY);
    }

    @Test
    void shouldKeepARecordNearTheSizeLimitAsItsPrefixSizeAndHashSoItsDeadLetterFits() throws Exception {
        // Given: random bytes just under the broker's 1 MB limit, with a big header too
        byte[] huge = new byte[1_048_400];
        new Random(7).nextBytes(huge);
        RecordHeaders headers = new RecordHeaders();
        headers.add("trace", new byte[2_000]);
        ErrorHandlerContext big = new Context("hazina.transfer-requests", 3, 43L, headers, "transfer-request-processor",
            new TaskId(0, 3), 1_000L, KEY, huge);
        DeadLetterDeserializationHandler handler = deserializationHandler();

        // When
        DeserializationExceptionHandler.Response response = handler.handleError(big,
            new ConsumerRecord<>("hazina.transfer-requests", 3, 43L, KEY, huge),
            new WireFormatException(WireFormatException.Reason.BAD_MAGIC_BYTE, "starts with 0x7f"));

        // Then
        ProducerRecord<byte[], byte[]> record = response.deadLetterQueueRecords().get(0);
        assertThat(record.value().length + record.key().length).isLessThan(16 * 1024);
        assertThat(record.headers().toArray()).isEmpty();
        DeadLetter letter = onlyLetter(response.deadLetterQueueRecords());
        assertThat(letter.getTruncated()).isTrue();
        assertThat(letter.getOriginalSize()).isEqualTo(KEY.length + huge.length + "trace".length() + 2_000);
        assertThat(letter.getOriginalValueSha256()).isEqualTo(HexFormat.of().formatHex(
            MessageDigest.getInstance("SHA-256").digest(huge)));
        assertThat(letter.getValue().array()).isEqualTo(Arrays.copyOf(huge, DeadLetters.VALUE_PREFIX_BYTES));
        assertThat(letter.getKey().array()).isEqualTo(KEY);
        assertThat(letter.getReason()).isEqualTo("BAD_MAGIC_BYTE");
    }

    @Test
    void shouldKeepAnOrdinaryRecordWholeAndSayItIsNotTruncated() {
        // When
        DeadLetterDeserializationHandler handler = deserializationHandler();
        DeserializationExceptionHandler.Response response = handler.handleError(context,
            new ConsumerRecord<>("hazina.transfer-requests", 3, 42L, KEY, VALUE),
            BAD_MAGIC);

        // Then
        DeadLetter letter = onlyLetter(response.deadLetterQueueRecords());
        assertThat(letter.getTruncated()).isFalse();
        assertThat(letter.getOriginalSize()).isEqualTo(-1);
        assertThat(letter.getOriginalValueSha256()).isNull();
    }

    @Test
    void shouldStopRatherThanDeadLetterWhenTheRegistryIsDown() {
        // Given
        DeadLetterDeserializationHandler handler = deserializationHandler();

        // When
        DeserializationExceptionHandler.Response response = handler.handleError(context,
            new ConsumerRecord<>("hazina.transfer-requests", 3, 42L, KEY, VALUE),
            new RegistryUnavailableException("registry http://registry:8081 unreachable", 0, new java.io.IOException("refused")));

        // Then
        assertThat(response.result()).isEqualTo(DeserializationExceptionHandler.Result.FAIL);
        assertThat(response.deadLetterQueueRecords()).isEmpty();
    }

    @Test
    void shouldDeadLetterARefusedRecordButFailOnAnInvariantBreach() {
        // Given
        DeadLetterProcessingHandler handler = new DeadLetterProcessingHandler();
        handler.configure(configs);
        Record<String, String> record = new Record<>("alice", "x", 1_000L);

        // When
        ProcessingExceptionHandler.Response refused = handler.handleError(context, record,
            new DeadLetterException("WRONG_PARTITION", "belongs on 5"));
        ProcessingExceptionHandler.Response breach = handler.handleError(context, record,
            new LedgerException("unbalanced"));

        // Then
        assertThat(refused.result()).isEqualTo(ProcessingExceptionHandler.Result.RESUME);
        assertThat(onlyLetter(refused.deadLetterQueueRecords()).getReason()).isEqualTo("WRONG_PARTITION");
        assertThat(breach.result()).isEqualTo(ProcessingExceptionHandler.Result.FAIL);
        assertThat(breach.deadLetterQueueRecords()).isEmpty();
    }

    private DeadLetter onlyLetter(List<ProducerRecord<byte[], byte[]>> records) {
        assertThat(records).hasSize(1);
        ProducerRecord<byte[], byte[]> record = records.get(0);
        assertThat(record.topic()).isEqualTo("hazina.dead-letters");
        assertThat(record.key()).isEqualTo(KEY);
        return serde.deserializer().deserialize(record.topic(), record.value());
    }
}

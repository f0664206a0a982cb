package dev.hazina.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.registry.MockSchemaRegistry;
import dev.hazina.schemas.registry.RegistryConfig;
import dev.hazina.schemas.registry.RegistryUnavailableException;
import dev.hazina.schemas.serde.WireFormatException.Reason;

/** Every kind of bad input a deserializer can meet on a topic fails with a clear, typed reason. */
class HostileBytesTest {

    private static final String TOPIC = "hazina.transfer-requests";

    private final String scope = "hostile-bytes-test-" + UUID.randomUUID();
    private AvroSerde<TransferRequest> serde;
    private byte[] valid;

    @BeforeEach
    void setUp() {
        serde = AvroSerde.forValues(TransferRequest.class,
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope));
        valid = serde.serializer().serialize(TOPIC, SampleRecords.transferRequest());
    }

    @AfterEach
    void dropRegistry() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void shouldRejectWrongMagicByte() {
        // Given
        byte[] bytes = valid.clone();
        bytes[0] = 1;

        // When / Then
        assertThat(failure(bytes)).satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.BAD_MAGIC_BYTE))
            .hasMessageContaining("0x01").hasMessageContaining(TOPIC);
    }

    @Test
    void shouldRejectPlainJsonAsWrongMagicByte() {
        // Given
        byte[] bytes = "{\"requestId\":\"r1\"}".getBytes();

        // When / Then
        assertThat(failure(bytes).reason()).isEqualTo(Reason.BAD_MAGIC_BYTE);
    }

    @Test
    void shouldRejectUnknownSchemaId() {
        // Given
        byte[] bytes = valid.clone();
        ByteBuffer.wrap(bytes, 1, 4).putInt(987_654);

        // When / Then
        assertThat(failure(bytes)).satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.UNKNOWN_SCHEMA_ID))
            .hasMessageContaining("987654").hasMessageContaining("mock://" + scope);
    }

    @Test
    void shouldRejectEmptyArray() {
        // When / Then
        assertThat(failure(new byte[0])).satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD))
            .hasMessageContaining("0 byte(s)");
    }

    @Test
    void shouldRejectHeaderShorterThanFiveBytes() {
        // When / Then
        assertThat(failure(new byte[] {0, 0, 0, 1}).reason()).isEqualTo(Reason.MALFORMED_PAYLOAD);
    }

    @Test
    void shouldRejectHeaderWithoutPayload() {
        // When / Then
        assertThat(failure(Arrays.copyOf(valid, 5)).reason()).isEqualTo(Reason.MALFORMED_PAYLOAD);
    }

    @Test
    void shouldRejectEveryTruncation() {
        for (int length = 5; length < valid.length; length++) {
            // Given
            byte[] truncated = Arrays.copyOf(valid, length);

            // When
            WireFormatException failure = failure(truncated);

            // Then
            assertThat(failure.reason()).as("truncated to %d bytes", length).isEqualTo(Reason.MALFORMED_PAYLOAD);
        }
    }

    @Test
    void shouldRejectTrailingGarbage() {
        // Given
        byte[] bytes = Arrays.copyOf(valid, valid.length + 3);

        // When / Then
        assertThat(failure(bytes)).satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD))
            .hasMessageContaining("3 trailing byte(s)");
    }

    @Test
    void shouldRejectHugeLengthPrefixWithoutAllocatingIt() throws IOException {
        // Given a requestId that claims to be 2 GB long
        byte[] bytes = withPayload(valid, longs(Integer.MAX_VALUE - 16L));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        failure(bytes);
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());

        // When
        WireFormatException failure = failure(bytes);

        // Then
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(failure.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD);
        assertThat(failure).hasMessageContaining("exceeds");
        assertThat(allocated).as("bytes allocated while rejecting").isLessThan(1_000_000L);
    }

    @Test
    void shouldRejectNegativeLength() throws IOException {
        // Given
        byte[] bytes = withPayload(valid, longs(-5L));

        // When / Then
        assertThat(failure(bytes)).satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD))
            .hasMessageContaining("negative");
    }

    @Test
    void shouldRejectHugeMapCount() throws IOException {
        // Given a valid TransferRequest up to its metadata map, which then claims a billion entries
        TransferRequest request = SampleRecords.transferRequest();
        request.setMetadata(Map.of());
        byte[] empty = serde.serializer().serialize(TOPIC, request);
        // The map is encoded as a single 0 (end of blocks) followed by requestedAt (a varint).
        int mapEnd = empty.length - longs(request.getRequestedAt()).length - 1;
        assertThat(empty[mapEnd]).isZero();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(empty, 0, mapEnd);
        out.write(longs(1_000_000_000L));
        out.write(empty, mapEnd + 1, empty.length - mapEnd - 1);

        // When / Then
        assertThat(failure(out.toByteArray())).satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED_PAYLOAD))
            .hasMessageContaining("block of 1000000000 item(s)");
    }

    @Test
    void shouldRejectEnumIndexOutOfRange() throws IOException {
        // Given channel (the second field) set to symbol 99
        int afterRequestId = 5 + 1 + "req-000001".length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(valid, 0, afterRequestId);
        out.write(longs(99));
        out.write(valid, afterRequestId + 1, valid.length - afterRequestId - 1);

        // When / Then
        assertThat(failure(out.toByteArray()).reason()).isEqualTo(Reason.MALFORMED_PAYLOAD);
    }

    @Test
    void shouldRejectUnreadableWriterSchema() {
        // Given a LedgerEntry (another record type) read with the TransferRequest serde
        byte[] entry = AvroSerde.forValues(LedgerEntry.class,
            Map.of(AvroSerdeConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope))
            .serializer().serialize("hazina.ledger-entries", SampleRecords.ledgerEntry());

        // When / Then
        assertThat(failure(entry)).satisfies(e -> assertThat(e.reason()).isEqualTo(Reason.UNREADABLE_WRITER_SCHEMA))
            .hasMessageContaining("dev.hazina.schemas.LedgerEntry")
            .hasMessageContaining("cannot be read as dev.hazina.schemas.TransferRequest");
    }

    @Test
    void shouldNeverThrowAnythingButWireFormatExceptionForRandomPayloads() {
        // Given
        Random random = new Random(20_260_101L);
        int decoded = 0;
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[5 + random.nextInt(80)];
            random.nextBytes(bytes);
            System.arraycopy(valid, 0, bytes, 0, 5);
            if (i % 2 == 0) {
                // Half of them keep a valid prefix and corrupt one byte.
                bytes = valid.clone();
                bytes[5 + random.nextInt(valid.length - 5)] = (byte) random.nextInt(256);
            }

            // When
            Throwable thrown = catchThrowable(deserialize(bytes));

            // Then
            if (thrown == null) {
                decoded++;
            } else {
                assertThat(thrown).isInstanceOf(WireFormatException.class);
                assertThat(((WireFormatException) thrown).reason()).isEqualTo(Reason.MALFORMED_PAYLOAD);
            }
        }
        assertThat(decoded).as("some corrupted payloads are still valid Avro").isPositive();
    }

    @Test
    void shouldReportUnreachableRegistryAsUnavailableNotAsBadRecord() throws IOException {
        // Given a registry URL where nothing listens
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/apis/ccompat/v7";
        AvroSerde<TransferRequest> offline = AvroSerde.forValues(TransferRequest.class, Map.of(
            RegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, url,
            RegistryConfig.RETRIES_CONFIG, 1,
            RegistryConfig.RETRY_BACKOFF_MS_CONFIG, 1));

        // When / Then
        assertThatThrownBy(() -> offline.deserializer().deserialize(TOPIC, valid))
            .isInstanceOf(RegistryUnavailableException.class)
            .isNotInstanceOf(WireFormatException.class)
            .hasMessageContaining(url);
    }

    private WireFormatException failure(byte[] bytes) {
        Throwable thrown = catchThrowable(deserialize(bytes));
        assertThat(thrown).isInstanceOf(WireFormatException.class);
        return (WireFormatException) thrown;
    }

    private org.assertj.core.api.ThrowableAssert.ThrowingCallable deserialize(byte[] bytes) {
        return () -> serde.deserializer().deserialize(TOPIC, bytes);
    }

    /** The header of {@code valid} followed by {@code payload}. */
    private static byte[] withPayload(byte[] valid, byte[] payload) {
        byte[] bytes = Arrays.copyOf(valid, 5 + payload.length);
        System.arraycopy(payload, 0, bytes, 5, payload.length);
        return bytes;
    }

    static byte[] longs(long... values) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        for (long value : values) {
            encoder.writeLong(value);
        }
        encoder.flush();
        return out.toByteArray();
    }
}

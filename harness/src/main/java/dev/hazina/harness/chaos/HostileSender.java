package dev.hazina.harness.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import dev.hazina.harness.chaos.HostileInputs.HostileRecord;

/**
 * Produces hostile records as a misbehaving channel would: raw bytes, no schema-registry serializer,
 * any key and partition. Its producer allows 8 MB requests so that an oversized record is refused by
 * the broker ({@code max.message.bytes}, 1 MB by default), not by the client.
 */
final class HostileSender implements AutoCloseable {

    /** Where a hostile record landed, or why the broker refused it. */
    record Sent(HostileRecord record, String topic, int partition, long offset, String refusal) {

        boolean refusedByBroker() {
            return refusal != null;
        }
    }

    private final KafkaProducer<byte[], byte[]> producer;

    HostileSender(String bootstrapServers) {
        producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
            ProducerConfig.CLIENT_ID_CONFIG, "hazina-chaos-fuzzer",
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
            ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1,
            ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 8 << 20,
            ProducerConfig.BUFFER_MEMORY_CONFIG, 32L << 20),
            new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Sends one record and waits for the broker's answer. */
    Sent send(HostileRecord record) throws InterruptedException {
        try {
            RecordMetadata metadata = producer.send(new ProducerRecord<>(record.topic(), record.partition(),
                record.key(), record.value())).get();
            return new Sent(record, metadata.topic(), metadata.partition(), metadata.offset(), null);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                return new Sent(record, record.topic(), -1, -1, "RecordTooLargeException: " + tooLarge.getMessage());
            }
            throw new IllegalStateException("cannot send hostile record " + record.hostileCase() + ": " + e.getCause(),
                e.getCause());
        } catch (RecordTooLargeException tooLarge) {
            return new Sent(record, record.topic(), -1, -1, "RecordTooLargeException: " + tooLarge.getMessage());
        }
    }

    /**
     * The fuzzer: {@code rounds} rounds of {@code hostile} records, spread evenly over the load that
     * started at {@code loadStart} and lasts {@code loadMillis}; stops early when interrupted.
     */
    List<Sent> sendRounds(HostileInputs hostile, int rounds, long loadStart, long loadMillis) {
        List<Sent> sent = new ArrayList<>();
        try {
            for (int round = 0; round < rounds; round++) {
                FaultSchedule.sleepUntil(loadStart + (2L * round + 1) * loadMillis / (2L * rounds));
                for (HostileRecord record : hostile.round()) {
                    sent.add(send(record));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sent;
    }

    @Override
    public void close() {
        producer.close();
    }
}

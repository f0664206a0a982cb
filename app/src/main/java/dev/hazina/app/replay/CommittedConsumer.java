package dev.hazina.app.replay;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import dev.hazina.topology.LedgerConfig;

/** The one way the replay reads topics: raw bytes, only what is committed, no group, no offsets kept. */
final class CommittedConsumer {

    private CommittedConsumer() {
    }

    static KafkaConsumer<byte[], byte[]> create(LedgerConfig config) {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientConfig());
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        return new KafkaConsumer<>(settings, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }
}

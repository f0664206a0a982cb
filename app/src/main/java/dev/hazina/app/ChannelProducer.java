package dev.hazina.app;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;

import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;

/**
 * What a channel does: produces transfer requests and account commands, keyed by account, with
 * an idempotent acks=all producer and the default (murmur2) partitioner the ledger expects.
 */
public final class ChannelProducer implements AutoCloseable {

    private final KafkaProducer<byte[], byte[]> producer;
    private final String requestsTopic;
    private final String commandsTopic;
    private final Serializer<TransferRequest> requests;
    private final Serializer<AccountCommand> commands;

    public ChannelProducer(LedgerConfig config) {
        producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.LINGER_MS_CONFIG, 5,
            ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"),
            new ByteArraySerializer(), new ByteArraySerializer());
        LedgerTopics topics = LedgerTopics.from(config);
        requestsTopic = topics.requests().name();
        commandsTopic = topics.commands().name();
        requests = topics.requests().valueSerde().serializer();
        commands = topics.commands().valueSerde().serializer();
    }

    /** Sends {@code request} keyed by the account whose partition decides it. */
    public Future<RecordMetadata> send(TransferRequest request) {
        return send(LedgerTopics.requestKey(request), request);
    }

    /** Sends {@code request} under {@code key}, which a test may choose to be wrong. */
    public Future<RecordMetadata> send(String key, TransferRequest request) {
        return sendRaw(key, requests.serialize(requestsTopic, request));
    }

    /** Sends bytes no serializer would write to the requests topic: how a test plays a broken channel. */
    public Future<RecordMetadata> sendRaw(String key, byte[] value) {
        return producer.send(new ProducerRecord<>(requestsTopic, utf8(key), value));
    }

    public Future<RecordMetadata> send(AccountCommand command) {
        return producer.send(new ProducerRecord<>(commandsTopic, utf8(command.getAccountId()),
            commands.serialize(commandsTopic, command)));
    }

    public void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close();
    }

    private static byte[] utf8(String key) {
        return key.getBytes(StandardCharsets.UTF_8);
    }
}

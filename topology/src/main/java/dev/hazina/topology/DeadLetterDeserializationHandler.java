package dev.hazina.topology;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.registry.RegistryUnavailableException;
import dev.hazina.schemas.serde.WireFormatException;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * Sends undecodable input records (bad magic byte, unknown schema id, garbage) to the dead-letter
 * topic with their original bytes and a reason, and lets processing continue. An unreachable
 * schema registry is not the record's fault: that stops the task instead, so nothing good is
 * dead-lettered during an outage. Neither is a leg the ledger wrote itself: an unreadable record on
 * the internal legs topic stops the task loudly (changelogs are read by the stores, never through
 * this handler, and fail the task the same way).
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);

    private DeadLetters deadLetters;
    private String legsTopic;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.fromStreamsConfigs(configs);
        legsTopic = DeadLetters.ledgerConfig(configs).topicName(TopicName.LEDGER_LEGS);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        if (exception instanceof RegistryUnavailableException) {
            LOG.error("Schema registry unreachable while decoding {}-{}@{}; stopping", context.topic(),
                context.partition(), context.offset(), exception);
            return Response.fail();
        }
        if (context.topic().equals(legsTopic)) {
            // The ledger's own money in flight: never dead-lettered, or a debited saga would never finish.
            LOG.error("Unreadable ledger leg at {}-{}@{}; stopping", context.topic(), context.partition(),
                context.offset(), exception);
            return Response.fail();
        }
        String reason = exception instanceof WireFormatException wire ? wire.reason().name() : "DESERIALIZATION_FAILED";
        return Response.resume(deadLetters.of(context, "deserialization", reason, exception.getMessage()));
    }
}

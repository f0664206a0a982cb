package dev.hazina.topology;

import java.util.Map;

import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dead-letters records a processor refused with a {@link DeadLetterException} (thrown before any
 * state changed) and continues. Anything else, a {@link LedgerException} above all, fails the
 * task: its transaction aborts, so no money is posted wrongly to keep running.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);

    private DeadLetters deadLetters;

    @Override
    public void configure(Map<String, ?> configs) {
        deadLetters = DeadLetters.fromStreamsConfigs(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (exception instanceof DeadLetterException refused) {
            return Response.resume(deadLetters.of(context, "validation", refused.reason(), refused.getMessage()));
        }
        LOG.error("Stopping: {} failed on {}-{}@{}", context.processorNodeId(), context.topic(), context.partition(),
            context.offset(), exception);
        return Response.fail();
    }
}

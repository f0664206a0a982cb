package dev.hazina.topology;

import java.nio.ByteBuffer;

import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.TransferRequest;

/**
 * A request being decided: the record as it arrived, the hash of its content (for dedupe), the
 * wall-clock time of the decision and the business time the ledger gave it ({@link BusinessClock}).
 */
record Incoming(Record<String, TransferRequest> record, ByteBuffer hash, long now, long at) {

    TransferRequest request() {
        return record.value();
    }

    String requestId() {
        return record.value().getRequestId();
    }

    /** Its business time: the dedupe horizon, daily limits and reversal window count from here. */
    long receivedAt() {
        return at;
    }
}

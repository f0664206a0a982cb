package dev.hazina.topology;

import java.nio.ByteBuffer;

import org.apache.kafka.streams.processor.api.Record;

import dev.hazina.schemas.TransferRequest;

/**
 * A request being decided: the record as it arrived, the hash of its content (for dedupe) and the
 * wall-clock time of the decision.
 */
record Incoming(Record<String, TransferRequest> record, ByteBuffer hash, long now) {

    TransferRequest request() {
        return record.value();
    }

    String requestId() {
        return record.value().getRequestId();
    }

    /** The record's timestamp: the dedupe horizon, daily limits and reversal window count from here. */
    long receivedAt() {
        return record.timestamp();
    }
}

package dev.hazina.harness.traffic;

import java.util.concurrent.Future;

import org.apache.kafka.clients.producer.RecordMetadata;

import dev.hazina.app.ChannelProducer;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerTopics;

/**
 * One record a synthetic channel sends. Either a request (possibly a retry of an earlier one, or a
 * valid but absurd one the ledger must reject), or raw bytes no serializer would write.
 */
public record TrafficRecord(String key, TransferRequest request, byte[] rawValue, Type type) {

    public enum Type {
        /** A fresh request. */
        REQUEST,
        /** The channel retrying a request it already sent. */
        RETRY,
        /** Well-formed Avro that the ledger must refuse with a reason. */
        INVALID,
        /** Bytes or routing the ledger must dead-letter. */
        HOSTILE
    }

    public static TrafficRecord of(TransferRequest request, Type type) {
        return new TrafficRecord(LedgerTopics.requestKey(request), request, null, type);
    }

    /** Sends this record as a channel would, its raw bytes as they are. */
    public Future<RecordMetadata> sendWith(ChannelProducer producer) {
        return rawValue != null ? producer.sendRaw(key, rawValue) : producer.send(key, request);
    }

    /** True when the ledger owes this record a result on the results topic. */
    public boolean expectsResult() {
        return type != Type.HOSTILE;
    }
}

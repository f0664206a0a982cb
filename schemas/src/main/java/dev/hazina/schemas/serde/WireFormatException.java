package dev.hazina.schemas.serde;

import java.util.Objects;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record's bytes are not a readable Confluent wire-format Avro record, or its schema is not
 * registered. The {@link Reason} is stable and suits a dead-letter reason code; the message says
 * what was wrong in words an operator can act on.
 *
 * <p>A registry that cannot be reached is not a bad record and is never reported with this
 * exception (see {@link dev.hazina.schemas.registry.RegistryUnavailableException}).
 */
public final class WireFormatException extends SerializationException {

    private static final long serialVersionUID = 1L;

    /** Why the bytes could not be used. */
    public enum Reason {
        /** The first byte is not the Confluent magic byte 0. */
        BAD_MAGIC_BYTE,
        /** The registry does not know the schema id in the header. */
        UNKNOWN_SCHEMA_ID,
        /** Too short, truncated, trailing bytes, bad lengths or otherwise not valid Avro binary. */
        MALFORMED_PAYLOAD,
        /** The writer schema cannot be resolved to the reader's schema (or is not a usable Avro schema). */
        UNREADABLE_WRITER_SCHEMA,
        /** Serializing: the schema is not registered under the subject and auto-registration is off. */
        SCHEMA_NOT_REGISTERED
    }

    private final Reason reason;

    public WireFormatException(Reason reason, String message) {
        this(reason, message, null);
    }

    public WireFormatException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the bytes could not be used. */
    public Reason reason() {
        return reason;
    }
}

package dev.hazina.schemas.registry;

import org.apache.kafka.common.KafkaException;

/**
 * A schema registry refused or failed a request. Carries the HTTP status and the registry's
 * {@code error_code} (Confluent's numbering, e.g. 40403 for an unknown schema id), and a message
 * that names the registry, the operation and the subject.
 */
public class SchemaRegistryException extends KafkaException {

    private static final long serialVersionUID = 1L;

    /** Subject not found. */
    public static final int SUBJECT_NOT_FOUND = 40401;
    /** Version not found. */
    public static final int VERSION_NOT_FOUND = 40402;
    /** Schema (id) not found. */
    public static final int SCHEMA_NOT_FOUND = 40403;
    /** Subject has no compatibility level of its own. */
    public static final int SUBJECT_LEVEL_COMPATIBILITY_NOT_CONFIGURED = 40408;
    /** The schema is incompatible with an earlier one under the subject. */
    public static final int INCOMPATIBLE_SCHEMA = 409;
    /** The schema is not valid (or, from this client, not a parsable Avro schema). */
    public static final int INVALID_SCHEMA = 42201;
    /** The compatibility level is not one of the known ones. */
    public static final int INVALID_COMPATIBILITY_LEVEL = 42203;

    private final int httpStatus;
    private final int errorCode;

    public SchemaRegistryException(String message, int httpStatus, int errorCode) {
        this(message, httpStatus, errorCode, null);
    }

    public SchemaRegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    /** The HTTP status the registry answered with, or 0 when it gave no answer. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The registry's {@code error_code}, or the HTTP status when the body had none, or 0. */
    public int errorCode() {
        return errorCode;
    }

    /** True for a 404, whatever the error code. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}

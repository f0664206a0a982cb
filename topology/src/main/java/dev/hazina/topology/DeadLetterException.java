package dev.hazina.topology;

/**
 * Thrown by a processor, before it has changed any state, for a record that cannot be processed
 * at all (a routing error, a missing key). The processing exception handler turns it into a
 * dead letter with the record's original bytes, and processing continues.
 */
public final class DeadLetterException extends RuntimeException {

    private final String reason;

    public DeadLetterException(String reason, String detail) {
        super(detail);
        this.reason = reason;
    }

    /** A stable code, e.g. {@code WRONG_PARTITION}. */
    public String reason() {
        return reason;
    }
}

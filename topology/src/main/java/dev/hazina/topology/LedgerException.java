package dev.hazina.topology;

/**
 * An invariant breach. It stops the task: the transaction aborts and nothing of it is posted.
 * Business outcomes (a rejection, a refund) are values, never this exception.
 */
public final class LedgerException extends RuntimeException {

    public LedgerException(String message) {
        super(message);
    }

    public LedgerException(String message, Throwable cause) {
        super(message, cause);
    }
}

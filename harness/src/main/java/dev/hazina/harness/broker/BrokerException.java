package dev.hazina.harness.broker;

/** A local broker could not be formatted, started or stopped. The message says why, with the broker log's tail. */
public final class BrokerException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public BrokerException(String message) {
        super(message);
    }

    public BrokerException(String message, Throwable cause) {
        super(message, cause);
    }
}

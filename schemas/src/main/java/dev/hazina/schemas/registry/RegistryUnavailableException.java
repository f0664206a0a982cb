package dev.hazina.schemas.registry;

/**
 * The schema registry could not be reached, or kept answering 5xx/429, after every retry.
 *
 * <p>Not a problem with any record: callers must treat it as fatal (stop and restart later),
 * never as a reason to dead-letter data.
 */
public final class RegistryUnavailableException extends SchemaRegistryException {

    private static final long serialVersionUID = 1L;

    public RegistryUnavailableException(String message, int httpStatus, Throwable cause) {
        super(message, httpStatus, httpStatus, cause);
    }
}

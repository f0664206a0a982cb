package dev.hazina.schemas.registry;

import java.util.List;
import java.util.Optional;

import org.apache.avro.Schema;

/**
 * A client for the Confluent Schema Registry REST API, as served by Confluent Schema Registry,
 * Apicurio ({@code /apis/ccompat/v7}), Karapace and Redpanda.
 *
 * <p>Schemas are registered as their plain text (no {@code avro.java.string} hints), so the ids
 * match those that clients in other languages get for the same {@code .avsc}.
 *
 * <p>Implementations are thread-safe. Create one with {@link SchemaRegistryClients#create}: a
 * {@code mock://scope} URL gives the in-process {@link MockSchemaRegistry}.
 *
 * <p>Failures are {@link SchemaRegistryException}s carrying the registry's HTTP status and
 * {@code error_code}; a registry that cannot be reached after the configured retries gives a
 * {@link RegistryUnavailableException}.
 */
public interface SchemaRegistryClient extends AutoCloseable {

    /**
     * Registers {@code schema} under {@code subject} and returns its global id. Idempotent: the same
     * schema under the same subject always returns the same id.
     *
     * @throws SchemaRegistryException with status 409 when the subject's compatibility refuses it
     */
    int register(String subject, Schema schema);

    /**
     * The schema with global id {@code id}.
     *
     * @throws SchemaRegistryException with status 404 and error code 40403 when the id is unknown
     */
    Schema schemaById(int id);

    /** The global id of {@code schema} if it is registered under {@code subject}, else empty. */
    Optional<Integer> lookup(String subject, Schema schema);

    /**
     * The latest version registered under {@code subject}.
     *
     * @throws SchemaRegistryException with status 404 (40401) when the subject does not exist
     */
    RegisteredSchema latest(String subject);

    /**
     * The compatibility level in force for {@code subject}: its own level, or the global one when
     * it has none. A {@code null} subject asks for the global level.
     */
    String compatibility(String subject);

    /**
     * Sets the compatibility level of {@code subject}, e.g. {@code "BACKWARD"}; a {@code null}
     * subject sets the global level.
     */
    void setCompatibility(String subject, String level);

    /**
     * Whether {@code schema} could be registered under {@code subject} given its compatibility
     * level, checked against the latest version. True when the subject has no version yet.
     */
    boolean testCompatibility(String subject, Schema schema);

    /** Every subject that has at least one version. */
    List<String> subjects();

    /** The registry URL(s) as configured, e.g. {@code http://127.0.0.1:8080/apis/ccompat/v7}. */
    String url();

    /** Releases the client's resources. Does not throw. */
    @Override
    void close();
}

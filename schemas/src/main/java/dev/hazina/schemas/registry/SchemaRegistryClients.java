package dev.hazina.schemas.registry;

import java.util.Map;

/** Creates {@link SchemaRegistryClient}s from Confluent-style config (see {@link RegistryConfig}). */
public final class SchemaRegistryClients {

    private SchemaRegistryClients() {
    }

    /**
     * A client for {@code schema.registry.url}: the shared {@link MockSchemaRegistry} of the scope for
     * {@code mock://scope}, else a REST client.
     *
     * @throws org.apache.kafka.common.config.ConfigException when the config is missing or invalid
     */
    public static SchemaRegistryClient create(Map<String, ?> config) {
        RegistryConfig registryConfig = new RegistryConfig(config);
        return registryConfig.mockScope()
            .<SchemaRegistryClient>map(MockSchemaRegistry::forScope)
            .orElseGet(() -> new RestSchemaRegistryClient(registryConfig));
    }
}

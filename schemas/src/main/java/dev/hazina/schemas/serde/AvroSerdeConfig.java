package dev.hazina.schemas.serde;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;

import dev.hazina.schemas.registry.RegistryConfig;

/**
 * Configuration of {@link AvroSerde}: Confluent's serde keys plus every {@link RegistryConfig} key
 * (re-exported here for convenience).
 */
public final class AvroSerdeConfig extends AbstractConfig {

    public static final String AUTO_REGISTER_SCHEMAS_CONFIG = "auto.register.schemas";
    public static final String AUTO_REGISTER_SCHEMAS_DOC = "Whether the serializer registers its schema "
        + "under <topic>-value (or -key) on first use. Off in production: schemas are registered "
        + "explicitly, and an unregistered schema is then an error (SCHEMA_NOT_REGISTERED).";

    public static final String SCHEMA_REGISTRY_URL_CONFIG = RegistryConfig.SCHEMA_REGISTRY_URL_CONFIG;
    public static final String SCHEMA_REGISTRY_URL_DOC = RegistryConfig.SCHEMA_REGISTRY_URL_DOC;
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG;
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_DOC;
    public static final String BASIC_AUTH_USER_INFO_CONFIG = RegistryConfig.BASIC_AUTH_USER_INFO_CONFIG;
    public static final String BASIC_AUTH_USER_INFO_DOC = RegistryConfig.BASIC_AUTH_USER_INFO_DOC;
    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = RegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG;
    public static final String SSL_TRUSTSTORE_LOCATION_DOC = RegistryConfig.SSL_TRUSTSTORE_LOCATION_DOC;
    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = RegistryConfig.SSL_TRUSTSTORE_PASSWORD_CONFIG;
    public static final String SSL_TRUSTSTORE_PASSWORD_DOC = RegistryConfig.SSL_TRUSTSTORE_PASSWORD_DOC;
    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = RegistryConfig.SSL_TRUSTSTORE_TYPE_CONFIG;
    public static final String SSL_TRUSTSTORE_TYPE_DOC = RegistryConfig.SSL_TRUSTSTORE_TYPE_DOC;
    public static final String REQUEST_TIMEOUT_MS_CONFIG = RegistryConfig.REQUEST_TIMEOUT_MS_CONFIG;
    public static final String REQUEST_TIMEOUT_MS_DOC = RegistryConfig.REQUEST_TIMEOUT_MS_DOC;
    public static final String RETRIES_CONFIG = RegistryConfig.RETRIES_CONFIG;
    public static final String RETRIES_DOC = RegistryConfig.RETRIES_DOC;
    public static final String RETRY_BACKOFF_MS_CONFIG = RegistryConfig.RETRY_BACKOFF_MS_CONFIG;
    public static final String RETRY_BACKOFF_MS_DOC = RegistryConfig.RETRY_BACKOFF_MS_DOC;

    /**
     * The serde settings for a registry at {@code url}: auto-registration on or off, and basic auth
     * from {@code userInfo} ({@code user:password}) unless it is empty.
     */
    public static Map<String, Object> settings(String url, boolean autoRegister, String userInfo) {
        Map<String, Object> serde = new HashMap<>();
        serde.put(SCHEMA_REGISTRY_URL_CONFIG, url);
        serde.put(AUTO_REGISTER_SCHEMAS_CONFIG, autoRegister);
        if (!userInfo.isEmpty()) {
            serde.put(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, RegistryConfig.CREDENTIALS_SOURCE_USER_INFO);
            serde.put(BASIC_AUTH_USER_INFO_CONFIG, userInfo);
        }
        return serde;
    }

    /**
     * The registry's TLS settings among an application's {@code originals}, where they sit under
     * {@code prefix}: {@code hazina.schema.registry.ssl.truststore.location} becomes
     * {@code schema.registry.ssl.truststore.location} for prefix {@code hazina.}.
     */
    public static Map<String, Object> registryTls(Map<String, ?> originals, String prefix) {
        String tlsPrefix = prefix + "schema.registry.ssl.";
        Map<String, Object> tls = new HashMap<>();
        originals.forEach((key, value) -> {
            if (key.startsWith(tlsPrefix) && value != null) {
                tls.put(key.substring(prefix.length()), value instanceof org.apache.kafka.common.config.types.Password password
                    ? password.value() : value.toString());
            }
        });
        return tls;
    }

    public AvroSerdeConfig(Map<?, ?> originals) {
        super(configDef(), originals, false);
    }

    /** The serde keys together with the registry keys. */
    public static ConfigDef configDef() {
        return RegistryConfig.configDef()
            .define(AUTO_REGISTER_SCHEMAS_CONFIG, Type.BOOLEAN, true, Importance.MEDIUM, AUTO_REGISTER_SCHEMAS_DOC);
    }

    public boolean autoRegisterSchemas() {
        return getBoolean(AUTO_REGISTER_SCHEMAS_CONFIG);
    }
}

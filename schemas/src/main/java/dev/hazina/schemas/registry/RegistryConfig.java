package dev.hazina.schemas.registry;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * Configuration of a {@link SchemaRegistryClient}, with Confluent's key names so that existing
 * client configs work unchanged.
 */
public final class RegistryConfig extends AbstractConfig {

    public static final String SCHEMA_REGISTRY_URL_CONFIG = "schema.registry.url";
    public static final String SCHEMA_REGISTRY_URL_DOC = "Comma-separated base URL(s) of a registry "
        + "serving the Confluent REST API, e.g. http://host:8080/apis/ccompat/v7 for Apicurio. URLs "
        + "are tried in turn when one cannot be reached. mock://<scope> gives an in-process registry "
        + "shared by every client of the same scope in the JVM.";

    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE_DOC = "Where HTTP basic auth credentials "
        + "come from: URL (user:password@ in the URL, if any) or USER_INFO (basic.auth.user.info).";
    public static final String CREDENTIALS_SOURCE_URL = "URL";
    public static final String CREDENTIALS_SOURCE_USER_INFO = "USER_INFO";

    public static final String BASIC_AUTH_USER_INFO_CONFIG = "basic.auth.user.info";
    public static final String BASIC_AUTH_USER_INFO_DOC = "Basic auth credentials as user:password, "
        + "used when basic.auth.credentials.source is USER_INFO.";

    public static final String SSL_TRUSTSTORE_LOCATION_CONFIG = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_LOCATION_DOC = "Trust store file for https registry URLs; "
        + "the JVM's default trust store when unset.";

    public static final String SSL_TRUSTSTORE_PASSWORD_CONFIG = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_PASSWORD_DOC = "Password of the trust store, if any.";

    public static final String SSL_TRUSTSTORE_TYPE_CONFIG = "schema.registry.ssl.truststore.type";
    public static final String SSL_TRUSTSTORE_TYPE_DOC = "Trust store format: JKS or PKCS12.";

    public static final String REQUEST_TIMEOUT_MS_CONFIG = "schema.registry.request.timeout.ms";
    public static final String REQUEST_TIMEOUT_MS_DOC = "Connect and response timeout of one request.";

    public static final String RETRIES_CONFIG = "schema.registry.retries";
    public static final String RETRIES_DOC = "Retries of a request that failed to connect or got a "
        + "5xx or 429 answer. 4xx answers are never retried.";

    public static final String RETRY_BACKOFF_MS_CONFIG = "schema.registry.retry.backoff.ms";
    public static final String RETRY_BACKOFF_MS_DOC = "Wait before the first retry; doubles for each "
        + "further retry, up to " + RegistryConfig.MAX_BACKOFF_MS + " ms.";

    /** Upper bound of the exponential backoff between retries. */
    public static final long MAX_BACKOFF_MS = 10_000L;

    private static final String MOCK_SCHEME = "mock://";

    public RegistryConfig(Map<?, ?> originals) {
        super(configDef(), originals, false);
        validate();
    }

    /** A new definition of the registry keys, for config classes that add their own keys. */
    public static ConfigDef configDef() {
        return new ConfigDef()
            .define(SCHEMA_REGISTRY_URL_CONFIG, Type.LIST, ConfigDef.NO_DEFAULT_VALUE,
                RegistryConfig::validateUrls, Importance.HIGH, SCHEMA_REGISTRY_URL_DOC)
            .define(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, Type.STRING, CREDENTIALS_SOURCE_URL,
                ConfigDef.ValidString.in(CREDENTIALS_SOURCE_URL, CREDENTIALS_SOURCE_USER_INFO),
                Importance.MEDIUM, BASIC_AUTH_CREDENTIALS_SOURCE_DOC)
            .define(BASIC_AUTH_USER_INFO_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                BASIC_AUTH_USER_INFO_DOC)
            .define(SSL_TRUSTSTORE_LOCATION_CONFIG, Type.STRING, null, Importance.MEDIUM,
                SSL_TRUSTSTORE_LOCATION_DOC)
            .define(SSL_TRUSTSTORE_PASSWORD_CONFIG, Type.PASSWORD, null, Importance.MEDIUM,
                SSL_TRUSTSTORE_PASSWORD_DOC)
            .define(SSL_TRUSTSTORE_TYPE_CONFIG, Type.STRING, "JKS",
                ConfigDef.ValidString.in("JKS", "PKCS12"), Importance.LOW, SSL_TRUSTSTORE_TYPE_DOC)
            .define(REQUEST_TIMEOUT_MS_CONFIG, Type.INT, 10_000, ConfigDef.Range.atLeast(1),
                Importance.LOW, REQUEST_TIMEOUT_MS_DOC)
            .define(RETRIES_CONFIG, Type.INT, 3, ConfigDef.Range.between(0, 100), Importance.LOW,
                RETRIES_DOC)
            .define(RETRY_BACKOFF_MS_CONFIG, Type.LONG, 200L, ConfigDef.Range.between(0, MAX_BACKOFF_MS),
                Importance.LOW, RETRY_BACKOFF_MS_DOC);
    }

    /** The configured URLs, trimmed, without trailing slashes. */
    public List<String> urls() {
        return getList(SCHEMA_REGISTRY_URL_CONFIG).stream()
            .map(String::trim)
            .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
            .toList();
    }

    /** The mock scope when the URL is {@code mock://scope}. */
    public Optional<String> mockScope() {
        String first = urls().get(0);
        return first.startsWith(MOCK_SCHEME) ? Optional.of(first.substring(MOCK_SCHEME.length()))
            : Optional.empty();
    }

    /** {@code user:password} from basic.auth.user.info, when the credentials source is USER_INFO. */
    public Optional<String> userInfo() {
        if (!CREDENTIALS_SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
            return Optional.empty();
        }
        return Optional.of(getPassword(BASIC_AUTH_USER_INFO_CONFIG).value());
    }

    /** Whether credentials come from the URLs' user-info part. */
    public boolean credentialsFromUrl() {
        return CREDENTIALS_SOURCE_URL.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG));
    }

    public Optional<String> truststoreLocation() {
        return Optional.ofNullable(getString(SSL_TRUSTSTORE_LOCATION_CONFIG)).filter(s -> !s.isBlank());
    }

    public Optional<Password> truststorePassword() {
        return Optional.ofNullable(getPassword(SSL_TRUSTSTORE_PASSWORD_CONFIG));
    }

    public String truststoreType() {
        return getString(SSL_TRUSTSTORE_TYPE_CONFIG);
    }

    public int requestTimeoutMs() {
        return getInt(REQUEST_TIMEOUT_MS_CONFIG);
    }

    public int retries() {
        return getInt(RETRIES_CONFIG);
    }

    public long retryBackoffMs() {
        return getLong(RETRY_BACKOFF_MS_CONFIG);
    }

    private void validate() {
        if (CREDENTIALS_SOURCE_USER_INFO.equals(getString(BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG))) {
            Password info = getPassword(BASIC_AUTH_USER_INFO_CONFIG);
            if (info == null || info.value().indexOf(':') < 1) {
                throw new ConfigException(BASIC_AUTH_USER_INFO_CONFIG + " must be user:password when "
                    + BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG + " is " + CREDENTIALS_SOURCE_USER_INFO);
            }
        }
    }

    private static void validateUrls(String name, Object value) {
        @SuppressWarnings("unchecked")
        List<String> urls = (List<String>) value;
        if (urls == null || urls.isEmpty()) {
            throw new ConfigException(name, value, "at least one registry URL is required");
        }
        boolean mock = urls.get(0).trim().startsWith(MOCK_SCHEME);
        if (mock && (urls.size() > 1 || urls.get(0).trim().length() == MOCK_SCHEME.length())) {
            throw new ConfigException(name, value, "a mock URL is a single mock://<scope>");
        }
        if (mock) {
            return;
        }
        for (String url : urls) {
            try {
                URI uri = URI.create(url.trim());
                String scheme = uri.getScheme();
                if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
                    throw new ConfigException(name, value,
                        "'" + url + "' is not an http(s)://host[:port][/path] or mock://<scope> URL");
                }
            } catch (IllegalArgumentException e) {
                throw new ConfigException(name, value, "'" + url + "' is not a valid URL: " + e.getMessage());
            }
        }
    }
}

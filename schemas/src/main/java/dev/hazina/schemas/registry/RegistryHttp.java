package dev.hazina.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.InterruptException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

/**
 * HTTP to one or more registry URLs: JSON in and out, basic auth, TLS, timeouts, failover to the
 * next URL, and retries with exponential backoff on connect errors, 5xx and 429 (never on other
 * 4xx answers, which are the registry's final word).
 */
final class RegistryHttp {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = "application/vnd.schemaregistry.v1+json, "
        + "application/vnd.schemaregistry+json; qs=0.9, application/json; qs=0.5";
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** One registry base URL (credentials removed) and the Authorization header to send to it. */
    private record Endpoint(String base, String authorization) {
    }

    private final List<Endpoint> endpoints;
    private final String displayUrls;
    private final HttpClient client;
    private final Duration timeout;
    private final int retries;
    private final long backoffMs;
    private final AtomicInteger current = new AtomicInteger();

    RegistryHttp(RegistryConfig config) {
        this.endpoints = endpoints(config);
        this.displayUrls = endpoints.stream().map(Endpoint::base).collect(Collectors.joining(","));
        this.timeout = Duration.ofMillis(config.requestTimeoutMs());
        this.retries = config.retries();
        this.backoffMs = config.retryBackoffMs();
        HttpClient.Builder builder = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(timeout);
        if (config.truststoreLocation().isPresent()) {
            builder.sslContext(sslContext(config));
        }
        this.client = builder.build();
    }

    /** The base URLs, comma-separated, without credentials. */
    String urls() {
        return displayUrls;
    }

    /** A path segment with {@code value} percent-encoded. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * Sends one request and returns the JSON body of a 2xx answer.
     *
     * @param action what the request does, for error messages, e.g. "register a schema under subject 'x'"
     * @throws SchemaRegistryException for a 4xx answer (never retried)
     * @throws RegistryUnavailableException when every attempt failed to connect or got 5xx/429
     */
    JsonNode send(String method, String path, JsonNode body, String action) {
        String json = body == null ? null : write(body);
        String lastProblem = "no attempt made";
        Throwable lastCause = null;
        int lastStatus = 0;
        int attempts = retries + 1;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                sleep(backoff(attempt - 1));
            }
            Endpoint endpoint = endpoints.get(Math.floorMod(current.get(), endpoints.size()));
            try {
                HttpResponse<String> response = client.send(request(endpoint, method, path, json),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parse(response.body(), endpoint, action, status);
                }
                if (status < 500 && status != 429) {
                    throw refused(endpoint, action, status, response.body());
                }
                lastStatus = status;
                lastCause = null;
                lastProblem = "HTTP " + status + " " + errorText(response.body());
            } catch (IOException e) {
                lastStatus = 0;
                lastCause = e;
                lastProblem = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptException(e);
            }
            LOG.warn("Schema registry {} failed to {} (attempt {} of {}): {}", endpoint.base(), action, attempt,
                attempts, lastProblem);
            current.incrementAndGet();
        }
        throw new RegistryUnavailableException("Schema registry unavailable at " + displayUrls + ": could not "
            + action + " after " + attempts + " attempt(s); last problem: " + lastProblem
            + ". Check " + RegistryConfig.SCHEMA_REGISTRY_URL_CONFIG + " and that the registry is running.",
            lastStatus, lastCause);
    }

    private long backoff(int retry) {
        return Math.min(RegistryConfig.MAX_BACKOFF_MS, backoffMs << Math.min(retry - 1, 20));
    }

    private HttpRequest request(Endpoint endpoint, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint.base() + path))
            .timeout(timeout)
            .header("Accept", ACCEPT);
        if (endpoint.authorization() != null) {
            request.header("Authorization", endpoint.authorization());
        }
        if (json == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", CONTENT_TYPE)
            .method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
            .build();
    }

    private JsonNode parse(String text, Endpoint endpoint, String action, int status) {
        if (text == null || text.isBlank()) {
            return NullNode.getInstance();
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException("Schema registry " + endpoint.base() + " gave an answer that is not "
                + "JSON to a request to " + action + ": " + abbreviate(text), status, 0, e);
        }
    }

    private static SchemaRegistryException refused(Endpoint endpoint, String action, int status, String body) {
        int code = status;
        JsonNode error = null;
        try {
            error = body == null || body.isBlank() ? null : MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            // Not JSON: the raw body is reported below.
        }
        if (error != null && error.path("error_code").asInt(0) > 0) {
            code = error.path("error_code").asInt();
        }
        String why = status == 409 ? " (the schema is incompatible with an earlier version under the subject's "
            + "compatibility level)" : "";
        return new SchemaRegistryException("Schema registry " + endpoint.base() + " refused to " + action + why
            + ": HTTP " + status + ", error_code " + code + ", message: " + errorText(body), status, code);
    }

    private static String errorText(String body) {
        if (body == null || body.isBlank()) {
            return "(empty body)";
        }
        try {
            JsonNode error = MAPPER.readTree(body);
            if (error.hasNonNull("message")) {
                return error.get("message").asText();
            }
        } catch (JsonProcessingException e) {
            // Fall through to the raw text.
        }
        return abbreviate(body);
    }

    private static String abbreviate(String text) {
        return text.length() <= 500 ? text : text.substring(0, 500) + "...";
    }

    private static String write(JsonNode body) {
        try {
            return MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write JSON", e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptException(e);
        }
    }

    private static List<Endpoint> endpoints(RegistryConfig config) {
        Optional<String> userInfo = config.userInfo();
        List<Endpoint> endpoints = new ArrayList<>();
        for (String url : config.urls()) {
            URI uri = URI.create(url);
            String rawUserInfo = uri.getRawUserInfo();
            String base = rawUserInfo == null ? url : url.replace(rawUserInfo + "@", "");
            String credentials = userInfo.orElse(config.credentialsFromUrl() ? uri.getUserInfo() : null);
            String authorization = credentials == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
            endpoints.add(new Endpoint(base, authorization));
        }
        return List.copyOf(endpoints);
    }

    private static SSLContext sslContext(RegistryConfig config) {
        String location = config.truststoreLocation().orElseThrow();
        try (InputStream in = Files.newInputStream(Path.of(location))) {
            KeyStore trustStore = KeyStore.getInstance(config.truststoreType());
            char[] password = config.truststorePassword().map(p -> p.value().toCharArray()).orElse(null);
            trustStore.load(in, password);
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException(RegistryConfig.SSL_TRUSTSTORE_LOCATION_CONFIG, location,
                "cannot load trust store (" + config.truststoreType() + "): " + e.getMessage());
        }
    }
}

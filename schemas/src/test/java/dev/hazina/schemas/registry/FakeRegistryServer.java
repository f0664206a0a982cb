package dev.hazina.schemas.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.avro.Schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import javax.net.ssl.SSLContext;

/**
 * The Confluent REST API over a {@link MockSchemaRegistry}, on a loopback port, for testing the REST
 * client: it counts requests, records headers, and can be told to fail the next requests.
 */
final class FakeRegistryServer implements AutoCloseable {

    static final String PREFIX = "/apis/ccompat/v7";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern VERSIONS = Pattern.compile("/subjects/([^/]+)/versions");
    private static final Pattern LATEST = Pattern.compile("/subjects/([^/]+)/versions/latest");
    private static final Pattern SUBJECT = Pattern.compile("/subjects/([^/]+)");
    private static final Pattern ID = Pattern.compile("/schemas/ids/(\\d+)");
    private static final Pattern CONFIG = Pattern.compile("/config/([^/]+)");
    private static final Pattern COMPATIBILITY = Pattern.compile("/compatibility/subjects/([^/]+)/versions/latest");

    private final HttpServer server;
    private final String scope = "fake-registry-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);
    private final Deque<Integer> failures = new ArrayDeque<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, String> subjectLevels = new ConcurrentHashMap<>();
    private volatile String lastAuthorization;
    private volatile String lastContentType;

    private FakeRegistryServer(HttpServer server) {
        this.server = server;
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    static FakeRegistryServer start() throws IOException {
        return new FakeRegistryServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0));
    }

    static FakeRegistryServer startTls(SSLContext context) throws IOException {
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(context));
        return new FakeRegistryServer(server);
    }

    String url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return scheme + "://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    }

    MockSchemaRegistry registry() {
        return registry;
    }

    /** The next requests answer these statuses, in order, before normal service resumes. */
    synchronized void failNext(Integer... statuses) {
        failures.addAll(List.of(statuses));
    }

    int requests(String methodAndPath) {
        AtomicInteger count = requests.get(methodAndPath);
        return count == null ? 0 : count.get();
    }

    int totalRequests() {
        return requests.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    String lastAuthorization() {
        return lastAuthorization;
    }

    String lastContentType() {
        return lastContentType;
    }

    @Override
    public void close() {
        server.stop(0);
        MockSchemaRegistry.dropScope(scope);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath().substring(PREFIX.length());
        requests.computeIfAbsent(method + " " + path, k -> new AtomicInteger()).incrementAndGet();
        lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        lastContentType = exchange.getRequestHeaders().getFirst("Content-Type");
        JsonNode body = readBody(exchange.getRequestBody());
        Integer failure;
        synchronized (this) {
            failure = failures.poll();
        }
        try {
            if (failure != null) {
                respond(exchange, failure, error(failure, "forced failure " + failure));
            } else {
                respond(exchange, 200, route(method, path, body));
            }
        } catch (SchemaRegistryException e) {
            respond(exchange, e.httpStatus(), error(e.errorCode(), e.getMessage()));
        } catch (RuntimeException e) {
            respond(exchange, 500, error(50001, e.toString()));
        }
    }

    private Object route(String method, String path, JsonNode body) {
        Matcher m;
        if ("GET".equals(method) && "/subjects".equals(path)) {
            return registry.subjects();
        }
        if ("POST".equals(method) && (m = VERSIONS.matcher(path)).matches()) {
            return Map.of("id", registry.register(decode(m.group(1)), schema(body)));
        }
        if ("GET".equals(method) && (m = LATEST.matcher(path)).matches()) {
            RegisteredSchema latest = registry.latest(decode(m.group(1)));
            return Map.of("subject", latest.subject(), "version", latest.version(), "id", latest.id(),
                "schema", latest.schema().toString());
        }
        if ("POST".equals(method) && (m = SUBJECT.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            Optional<Integer> id = registry.lookup(subject, schema(body));
            if (id.isEmpty()) {
                throw new SchemaRegistryException("Schema not found", 404, 40403);
            }
            return Map.of("subject", subject, "id", id.get(), "version", 1, "schema", body.get("schema").asText());
        }
        if ("GET".equals(method) && (m = ID.matcher(path)).matches()) {
            return Map.of("schema", registry.schemaById(Integer.parseInt(m.group(1))).toString());
        }
        if ("GET".equals(method) && "/config".equals(path)) {
            return Map.of("compatibilityLevel", registry.compatibility(null));
        }
        if ("PUT".equals(method) && "/config".equals(path)) {
            registry.setCompatibility(null, body.get("compatibility").asText());
            return Map.of("compatibility", body.get("compatibility").asText());
        }
        if ("GET".equals(method) && (m = CONFIG.matcher(path)).matches()) {
            String level = subjectLevels.get(decode(m.group(1)));
            if (level == null) {
                throw new SchemaRegistryException("Subject has no subject-level compatibility", 404, 40408);
            }
            return Map.of("compatibilityLevel", level);
        }
        if ("PUT".equals(method) && (m = CONFIG.matcher(path)).matches()) {
            String level = body.get("compatibility").asText();
            registry.setCompatibility(decode(m.group(1)), level);
            subjectLevels.put(decode(m.group(1)), level);
            return Map.of("compatibility", level);
        }
        if ("POST".equals(method) && (m = COMPATIBILITY.matcher(path)).matches()) {
            String subject = decode(m.group(1));
            registry.latest(subject);
            return Map.of("is_compatible", registry.testCompatibility(subject, schema(body)));
        }
        throw new SchemaRegistryException("No route " + method + " " + path, 404, 404);
    }

    private static Schema schema(JsonNode body) {
        return new Schema.Parser().parse(body.get("schema").asText());
    }

    private static String decode(String segment) {
        return java.net.URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static ObjectNode error(int code, String message) {
        return MAPPER.createObjectNode().put("error_code", code).put("message", message);
    }

    private static JsonNode readBody(InputStream in) throws IOException {
        byte[] bytes = in.readAllBytes();
        return bytes.length == 0 ? null : MAPPER.readTree(bytes);
    }

    private static void respond(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = MAPPER.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}

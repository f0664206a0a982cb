package dev.hazina.connectors;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Registers Hazina's connectors with a Connect cluster through its REST API: every
 * {@code *-sink.properties} file in the connectors folder (the single source of truth) is PUT to
 * {@code /connectors/<name>/config}, which creates or updates it. {@code overrides} replace keys of
 * every file (the database URL, the registry URL, replication of the dead-letter topic). It is what
 * {@code hazina connect deploy} ({@link ConnectDeployCommand}) runs.
 */
public final class ConnectDeployer {

    public static final String SINK_SUFFIX = "-sink.properties";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI restUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public ConnectDeployer(URI restUrl) {
        this.restUrl = restUrl;
    }

    /** The connector configs in {@code dir}, by connector name, with {@code overrides} applied. */
    public static Map<String, Map<String, String>> connectorConfigs(Path dir, Map<String, String> overrides)
            throws IOException {
        Map<String, Map<String, String>> byName = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(SINK_SUFFIX)).sorted().toList()) {
                Map<String, String> config = KeyValues.load(file);
                config.putAll(overrides);
                String name = config.remove("name");
                if (name == null) {
                    throw new IllegalArgumentException(file + " has no 'name'");
                }
                byName.put(name, config);
            }
        }
        return byName;
    }

    /** Creates or updates every connector of {@code dir}; returns their names. */
    public List<String> deploy(Path dir, Map<String, String> overrides) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> connector : connectorConfigs(dir, overrides).entrySet()) {
            deploy(connector.getKey(), connector.getValue());
            names.add(connector.getKey());
        }
        return names;
    }

    /** Creates connector {@code name} with {@code config}, or updates it (the same config again changes nothing). */
    public void deploy(String name, Map<String, String> config) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint(name + "/config"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(config))));
        if (response.statusCode() / 100 != 2) {
            throw new IOException("Connect refused " + name + " (HTTP " + response.statusCode() + "): " + response.body());
        }
    }

    /** The connector's state and its tasks' states, e.g. {@code RUNNING}; empty if it is unknown. */
    public List<String> states(String name) throws IOException, InterruptedException {
        HttpResponse<String> response = send(HttpRequest.newBuilder(endpoint(name + "/status")).GET());
        if (response.statusCode() == 404) {
            return List.of();
        }
        JsonNode status = JSON.readTree(response.body());
        List<String> states = new ArrayList<>();
        states.add(status.path("connector").path("state").asText());
        status.path("tasks").forEach(task -> states.add(task.path("state").asText()
            + (task.has("trace") ? ": " + task.path("trace").asText() : "")));
        return states;
    }

    /** Waits until the connector and all its tasks (at least one) are RUNNING. */
    public void awaitRunning(String name, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> states = List.of();
        while (System.nanoTime() < deadline) {
            try {
                states = states(name);
                if (states.size() > 1 && states.stream().allMatch("RUNNING"::equals)) {
                    return;
                }
            } catch (IOException e) {
                states = List.of("unreachable: " + e);
            }
            Thread.sleep(250);
        }
        throw new IOException("Connector " + name + " not RUNNING within " + timeout + ": " + states);
    }

    private URI endpoint(String path) {
        return restUrl.resolve("/connectors/" + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

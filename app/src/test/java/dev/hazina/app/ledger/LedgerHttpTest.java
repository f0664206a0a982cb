package dev.hazina.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.Properties;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.app.http.HttpAccess;
import dev.hazina.app.http.HttpRole;
import dev.hazina.app.http.HttpUsers;
import dev.hazina.app.http.SecretHash;
import dev.hazina.app.query.LedgerQueries;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerMeters;

/**
 * The HTTP surface without a cluster: who may use which route, metrics without percentile histograms (the app's classpath has
 * no HdrHistogram, AppClasspathTest), the live page, the OpenAPI description, and queries that say "not now"
 * instead of guessing while the ledger is not running.
 */
class LedgerHttpTest {

    @TempDir
    Path stateDir;

    private static final String OPS_SECRET = SecretHash.newSecret();
    private static final String CHANNEL_SECRET = SecretHash.newSecret();
    private static final String MONITOR_SECRET = SecretHash.newSecret();

    private KafkaStreams streams;
    private LedgerHttp http;

    @BeforeEach
    void setUp() throws IOException {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "ledger-http-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        streams = new KafkaStreams(builder.build(), props);
        LedgerQueries queries = new LedgerQueries(streams, new HostInfo("127.0.0.1", 1), new LedgerConfig(Map.of()),
            Clock.systemUTC());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new LedgerMeters(registry);
        http = LedgerHttp.start("127.0.0.1", 0, queries, new LedgerMetrics(streams, registry),
            HttpAccess.basic(HttpUsers.load(usersFile())));
    }

    private Path usersFile() throws IOException {
        Path file = stateDir.resolve("http-users.properties");
        Files.writeString(file, String.join("\n",
            HttpUsers.line("ops", HttpRole.OPS, OPS_SECRET),
            HttpUsers.line("channel-ussd", HttpRole.CHANNEL, CHANNEL_SECRET),
            HttpUsers.line("prometheus", HttpRole.MONITOR, MONITOR_SECRET)));
        return file;
    }

    @AfterEach
    void tearDown() {
        http.close();
        streams.close();
    }

    @Test
    void shouldServeStreamsAndJvmMetricsWithoutPercentileHistograms() throws Exception {
        HttpResponse<String> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("jvm_memory_used_bytes").contains("kafka_stream")
            .contains("hazina_decision_latency_seconds_bucket").contains("hazina_duplicate_answers_total")
            .contains("hazina_dedupe_records NaN");
    }

    @Test
    void shouldAnswerUnavailableWithRetryAfterWhileTheLedgerIsNotRunning() throws Exception {
        for (String path : new String[] {"/accounts/alice", "/accounts/alice/statement", "/transfers/r-1"}) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.headers().firstValue("Retry-After")).as(path).hasValue("2");
            assertThat(response.body()).as(path).contains("\"error\":\"UNAVAILABLE\"").contains("CREATED");
        }
    }

    @Test
    void shouldRefuseAStatementLimitOutsideItsRange() throws Exception {
        for (String limit : new String[] {"0", "101", "ten"}) {
            HttpResponse<String> response = get("/accounts/alice/statement?limit=" + limit);

            assertThat(response.statusCode()).as(limit).isEqualTo(400);
            assertThat(response.body()).as(limit).contains("limit must be a whole number from 1 to 100");
        }
    }

    @Test
    void shouldServeTheOpenApiDescriptionOfEveryQuery() throws Exception {
        HttpResponse<String> response = get(LedgerHttp.OPENAPI_PATH);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("openapi: 3.0.3").contains("/accounts/{id}:")
            .contains("/accounts/{id}/statement:").contains("/transfers/{requestId}:").contains("/live:");
    }

    @Test
    void shouldServeTheLivePageAtTheRootAndAtLive() throws Exception {
        for (String path : new String[] {"/", LedgerHttp.LIVE_PATH}) {
            HttpResponse<String> response = get(path);

            assertThat(response.statusCode()).as(path).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
            assertThat(response.body()).as(path).contains("fetch(METRICS_URL").contains("data-metric=\"tps\"")
                .contains("data-metric=\"decisions-total\"").contains("data-metric=\"scrape-error\"")
                .contains("hazina_sagas_in_flight").contains("Bucket estimates")
                // Nothing from elsewhere: operators' machines may have no internet.
                .doesNotContain("src=\"http").doesNotContain("href=\"http");
        }
    }

    @Test
    void shouldAskForCredentialsOnEveryRouteButTheDescription() throws Exception {
        for (String path : new String[] {"/accounts/alice", "/accounts/alice/statement", "/transfers/r-1", "/metrics", "/",
            LedgerHttp.LIVE_PATH}) {
            HttpResponse<String> response = get(path, null);

            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).as(path).hasValue("Basic realm=\"hazina\", charset=\"UTF-8\"");
            assertThat(response.body()).as(path).contains("\"error\":\"UNAUTHENTICATED\"");
        }
        assertThat(get(LedgerHttp.OPENAPI_PATH, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldRefuseAWrongSecretAnUnknownUserAndAMalformedHeader() throws Exception {
        assertThat(get("/accounts/alice", basic("channel-ussd", OPS_SECRET)).statusCode()).isEqualTo(401);
        assertThat(get("/accounts/alice", basic("mallory", CHANNEL_SECRET)).statusCode()).isEqualTo(401);
        assertThat(get("/accounts/alice", basic("channel-ussd", "")).statusCode()).isEqualTo(401);
        assertThat(get("/accounts/alice", "Basic not-base64!").statusCode()).isEqualTo(401);
        assertThat(get("/accounts/alice", "Bearer " + CHANNEL_SECRET).statusCode()).isEqualTo(401);
    }

    @Test
    void shouldAdmitEachRoleToItsRoutesOnly() throws Exception {
        String channel = basic("channel-ussd", CHANNEL_SECRET);
        String monitor = basic("prometheus", MONITOR_SECRET);

        // Past authentication a query meets the ledger, which is not running here: 503, not 401 or 403.
        assertThat(get("/accounts/alice", channel).statusCode()).isEqualTo(503);
        assertThat(get("/transfers/r-1", channel).statusCode()).isEqualTo(503);
        HttpResponse<String> forbidden = get("/metrics", channel);
        assertThat(forbidden.statusCode()).isEqualTo(403);
        assertThat(forbidden.body()).contains("\"error\":\"FORBIDDEN\"").contains("role channel may not use /metrics");
        assertThat(get(LedgerHttp.LIVE_PATH, channel).statusCode()).isEqualTo(403);

        assertThat(get("/metrics", monitor).statusCode()).isEqualTo(200);
        assertThat(get("/", monitor).statusCode()).isEqualTo(200);
        assertThat(get("/accounts/alice", monitor).statusCode()).isEqualTo(403);
        assertThat(get("/accounts/alice/statement", monitor).statusCode()).isEqualTo(403);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return get(path, basic("ops", OPS_SECRET));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}

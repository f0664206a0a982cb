package dev.hazina.app.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Properties;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.app.HazinaCommand;

/** The /metrics of a stream run on its own, and the commands that serve it. */
class MetricsHttpTest {

    @TempDir
    Path dir;

    @Test
    void shouldServeTheStreamsMetersToMonitorsOnly() throws Exception {
        // Given: a stream's meter, and users of each role
        String monitorSecret = SecretHash.newSecret();
        String channelSecret = SecretHash.newSecret();
        Path users = Files.writeString(dir.resolve("users"), HttpUsers.line("prometheus", HttpRole.MONITOR, monitorSecret)
            + "\n" + HttpUsers.line("channel-app", HttpRole.CHANNEL, channelSecret));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.counter("hazina.reconciliation.judged", "check", "hold-deadline").increment(3);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-http-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, dir.resolve("state").toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("in").to("out");
        try (KafkaStreams streams = new KafkaStreams(builder.build(), props);
             MetricsHttp http = MetricsHttp.start("127.0.0.1", 0, registry, streams, HttpAccess.basic(HttpUsers.load(users)))) {
            // When
            HttpResponse<String> monitor = get(http, MetricsHttp.PATH, "prometheus", monitorSecret);

            // Then
            assertThat(monitor.statusCode()).isEqualTo(200);
            assertThat(monitor.body()).contains("hazina_reconciliation_judged_total{check=\"hold-deadline\"} 3.0")
                .contains("jvm_memory_used_bytes").contains("kafka_stream");
            assertThat(get(http, MetricsHttp.PATH, null, null).statusCode()).isEqualTo(401);
            assertThat(get(http, MetricsHttp.PATH, "channel-app", channelSecret).statusCode()).isEqualTo(403);
            assertThat(get(http, "/accounts/alice", "prometheus", monitorSecret).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void shouldRefuseToServeMetricsWithoutAUsersFileBeforeStartingTheStream() {
        for (String stream : new String[] {"reconcile", "fraud"}) {
            StringWriter err = new StringWriter();

            int exit = HazinaCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
                stream, "run", "--metrics-port", "9999");

            assertThat(exit).as(stream).isEqualTo(2);
            assertThat(err.toString()).as(stream).contains("hazina.http.auth=basic needs hazina.http.users.file");
        }
    }

    private static HttpResponse<String> get(MetricsHttp http, String path, String user, String secret) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path));
        if (user != null) {
            request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8)));
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}

package dev.hazina.app.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerDriver;
import dev.hazina.topology.LedgerMeters;
import dev.hazina.topology.LedgerTopology;

/**
 * compose/grafana/hazina-ledger.json must stay a valid dashboard, and every series it queries must
 * be one that {@code hazina run} exports: a renamed meter fails here, not on an operator's screen.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("..").resolve("compose/grafana/hazina-ledger.json");
    /** PromQL words that are not series names. */
    private static final Set<String> KEYWORDS = Set.of("by", "without", "on", "ignoring", "group_left", "group_right",
        "bool", "offset", "and", "or", "unless", "inf", "nan");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    @TempDir
    Path stateDir;

    @Test
    void shouldBeAValidDashboardWithUniquePanelsEachWithADatasourceAPlaceAndAQuery() throws IOException {
        // When
        JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());

        // Then
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.path("__inputs").findValuesAsText("name")).contains("DS_PROMETHEUS");
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertThat(ids.add(panel.path("id").asInt())).as("unique id of %s", title).isTrue();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${DS_PROMETHEUS}");
            for (String field : List.of("x", "y", "w", "h")) {
                assertThat(panel.path("gridPos").path(field).isInt()).as("%s gridPos.%s", title, field).isTrue();
            }
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title).isNotBlank();
            }
        }
        assertThat(ids).hasSizeGreaterThanOrEqualTo(10);
    }

    @Test
    void shouldQueryOnlySeriesThatTheLedgerExports() throws IOException {
        // Given: the ledger's meters after real work, beside Kafka Streams' and the JVM's
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        LedgerMeters meters = new LedgerMeters(registry);
        String scrape;
        try (LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 10_000, meters);
             KafkaStreams streams = new KafkaStreams(LedgerTopology.build(ledger.config(), meters), streamsProps(ledger.config()));
             LedgerMetrics metrics = new LedgerMetrics(streams, registry)) {
            TransferRequest payment = ledger.request(TransferKind.P2P, "alice", "bob", 1_000).build();
            ledger.send(payment);
            ledger.send(payment);
            ledger.sendRaw("alice".getBytes(StandardCharsets.UTF_8), new byte[] {1, 2, 3});
            scrape = metrics.scrape();
        }
        Set<String> exported = seriesIn(scrape);

        // When
        Set<String> queried = seriesQueriedBy(new ObjectMapper().readTree(DASHBOARD.toFile()));

        // Then
        assertThat(queried).as("series the dashboard queries").contains("hazina_decisions_total",
            "hazina_decision_latency_seconds_bucket", "hazina_sagas_in_flight", "hazina_saga_oldest_age_seconds");
        assertThat(exported).as("series /metrics exports").containsAll(queried);
    }

    /** The series names of a Prometheus text exposition: each sample line's name. */
    static Set<String> seriesIn(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                Matcher name = IDENTIFIER.matcher(line);
                if (name.lookingAt()) {
                    names.add(name.group());
                }
            }
        }
        return names;
    }

    /** The series names in every PromQL expression of the dashboard: neither function, keyword, label nor value. */
    static Set<String> seriesQueriedBy(JsonNode dashboard) {
        Set<String> names = new TreeSet<>();
        for (JsonNode expr : dashboard.path("panels").findValues("expr")) {
            String query = expr.asText()
                .replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", " ")           // strings
                .replaceAll("\\{[^}]*}", " ")                          // label matchers
                .replaceAll("\\[[^]]*]", " ")                          // ranges
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " "); // grouping labels
            Matcher word = IDENTIFIER.matcher(query);
            while (word.find()) {
                String name = word.group();
                boolean function = query.substring(word.end()).stripLeading().startsWith("(");
                if (!function && !KEYWORDS.contains(name.toLowerCase())) {
                    names.add(name);
                }
            }
        }
        return names;
    }

    private Properties streamsProps(LedgerConfig config) {
        Properties props = LedgerTopology.streamsProperties(config);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        return props;
    }
}

package dev.hazina.harness;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hazina.app.HazinaCommand;
import dev.hazina.app.http.HttpRole;
import dev.hazina.app.http.HttpUsers;
import dev.hazina.app.http.SecretHash;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.harness.demo.ChannelSession;
import dev.hazina.harness.demo.Quiescence;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.schemas.ApicurioServer;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferResult;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.SystemAccounts;

/**
 * The queries of {@code hazina run --http-port} on a real broker and registry with two ledger
 * instances in their own JVMs: any instance answers any account, the statement is the tail of the
 * account's entries (asked with a channel's HTTP Basic credentials, which a forwarded query carries to
 * the owner), and after kill -9 of one instance the other answers from a standby or the new
 * owner, or says it cannot yet, but never with a balance the entries contradict.
 */
class QueryIT {

    private static final int PARTITIONS = 4;
    private static final Path WORK = ApicurioServer.dirProperty("hazina.it.work.dir", "target/it").resolve("query");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static final String CHANNEL_SECRET = SecretHash.newSecret();
    private static final String MONITOR_SECRET = SecretHash.newSecret();
    private static final String CHANNEL = basic("channel-app", CHANNEL_SECRET);
    private static final String MONITOR = basic("prometheus", MONITOR_SECRET);

    private static KafkaBroker broker;
    private static ApicurioServer registry;
    private static LedgerConfig config;
    private static final List<Instance> instances = new ArrayList<>();

    private record Instance(String name, int port, Process process) {
        String url(String path) {
            return "http://127.0.0.1:" + port + path;
        }
    }

    @BeforeAll
    static void startEverything() throws Exception {
        Files.createDirectories(WORK);
        Files.writeString(WORK.resolve("http-users.properties"), HttpUsers.line("channel-app", HttpRole.CHANNEL, CHANNEL_SECRET)
            + "\n" + HttpUsers.line("prometheus", HttpRole.MONITOR, MONITOR_SECRET) + "\n");
        broker = KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "broker")));
        registry = ApicurioServer.start(ApicurioServer.dirProperty("hazina.registry.server.dir", "../registry-server/target"), WORK);
        Path shared = writeConfig("shared", WORK.resolve("state-unused"));
        config = LedgerConfig.load(shared, Map.of());
        hazina("topics", "create", "--config", shared.toString());
        hazina("schemas", "register", "--config", shared.toString());
        instances.add(startInstance("a"));
        instances.add(startInstance("b"));
    }

    @AfterAll
    static void stopEverything() {
        instances.forEach(instance -> instance.process().destroyForcibly());
        if (registry != null) {
            registry.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void shouldAnswerEveryAccountFromEitherInstanceAndSurviveTheDeathOfOne() throws Exception {
        // Given: both instances serve, and a few hundred transfers have settled
        awaitServing(Duration.ofMinutes(2));
        Map<String, List<LedgerEntry>> entries;
        List<TransferResult> results;
        try (ChannelSession channel = new ChannelSession(config)) {
            Population population = Population.of(60);
            channel.setUp(population);
            LoadDriver.Sent sent = channel.load(TrafficGenerator.standard(population, 7, "query"), 400, 200);
            int missing = channel.awaitOutcomes("Outcomes", ChannelSession.expectingResults(sent.records()),
                Duration.ofMinutes(2));
            assertThat(missing).as("requests without an outcome").isZero();
            Quiescence.Checked checked = Quiescence.awaitClean(config, List.of(), Duration.ofSeconds(60));
            assertThat(checked.report().violations()).isEmpty();
            entries = byAccount(checked.outputs().entries());
            results = checked.outputs().results();
        }
        assertThat(entries).hasSizeGreaterThan(30);

        // And: without credentials, or with a role the route does not admit, each instance says no
        for (Instance asked : instances) {
            String account = entries.keySet().iterator().next();
            assertThat(get(asked, "/accounts/" + account, null).statusCode()).as("no credentials").isEqualTo(401);
            assertThat(get(asked, "/accounts/" + account, MONITOR).statusCode()).as("monitor asks a balance").isEqualTo(403);
            assertThat(get(asked, "/metrics", CHANNEL).statusCode()).as("channel reads metrics").isEqualTo(403);
        }

        // When and then: each instance answers every account with the last entry's balance and the tail as statement
        Set<String> servers = new HashSet<>();
        for (Instance asked : instances) {
            for (Map.Entry<String, List<LedgerEntry>> account : entries.entrySet()) {
                List<LedgerEntry> tail = account.getValue();
                LedgerEntry last = tail.get(tail.size() - 1);
                JsonNode answer = getOk(asked, "/accounts/" + account.getKey());
                assertThat(answer.path("servedBy").asText()).isEqualTo("active");
                assertThat(answer.path("account").path("balance").asLong()).as("balance of %s", account.getKey())
                    .isEqualTo(last.getBalanceAfter());
                assertThat(answer.path("account").path("sequence").asLong()).isEqualTo(last.getSequence());
                servers.add(asked.name() + "->" + answer.path("instance").asText());

                JsonNode statement = getOk(asked, "/accounts/" + account.getKey() + "/statement?limit=3").path("statement");
                List<Long> expected = new ArrayList<>();
                for (int i = tail.size() - 1; i >= Math.max(0, tail.size() - 3); i--) {
                    expected.add(tail.get(i).getSequence());
                }
                List<Long> actual = new ArrayList<>();
                statement.path("entries").forEach(entry -> actual.add(entry.path("sequence").asLong()));
                assertThat(actual).as("statement of %s", account.getKey()).isEqualTo(expected);
                assertThat(statement.path("entries").get(0).path("balanceAfter").asLong()).isEqualTo(last.getBalanceAfter());
            }
        }
        assertThat(servers).as("asked -> answered by").hasSize(4);

        // And: a request's outcome, with and without the payer
        TransferResult decided = results.stream().filter(r -> !r.getDuplicate() && !SystemAccounts.isSystem(r.getPayer()))
            .findFirst().orElseThrow();
        for (Instance asked : instances) {
            for (String path : List.of("/transfers/" + decided.getRequestId(),
                "/transfers/" + decided.getRequestId() + "?payer=" + decided.getPayer())) {
                JsonNode transfer = getOk(asked, path).path("transfer");
                assertThat(transfer.path("outcome").path("status").asText()).as(path).isEqualTo(decided.getStatus().name());
            }
        }
        assertThat(get(instances.get(0), "/transfers/never-sent-" + UUID.randomUUID()).statusCode()).isEqualTo(404);

        // And: the ledger's own meters count what it did
        long decidedHere = 0;
        double remembered = 0;
        for (Instance asked : instances) {
            String metrics = get(asked, "/metrics", MONITOR).body();
            decidedHere += metrics.lines().filter(line -> line.startsWith("hazina_decisions_total{"))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            remembered += metrics.lines().filter(line -> line.startsWith("hazina_dedupe_records "))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        }
        long firstOutcomes = results.stream().filter(r -> !r.getDuplicate()).count();
        assertThat(decidedHere).as("decisions counted by both instances").isEqualTo(firstOutcomes);
        assertThat(remembered).as("dedupe records, RocksDB's estimate").isPositive();

        // When: instance a dies without a word
        instances.get(0).process().destroyForcibly().waitFor();

        // Then: b answers each account with a balance the entries allow, or 503 with Retry-After, until it owns all
        Instance survivor = instances.get(1);
        Map<String, Set<Long>> possible = new HashMap<>();
        entries.forEach((id, list) -> possible.put(id, list.stream().map(LedgerEntry::getBalanceAfter)
            .collect(Collectors.toSet())));
        Map<String, Integer> statuses = new LinkedHashMap<>();
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        boolean allActive = false;
        while (!allActive && System.nanoTime() < deadline) {
            allActive = true;
            for (Map.Entry<String, List<LedgerEntry>> account : entries.entrySet()) {
                HttpResponse<String> response = get(survivor, "/accounts/" + account.getKey());
                statuses.merge(response.statusCode() + "", 1, Integer::sum);
                if (response.statusCode() == 503) {
                    assertThat(response.headers().firstValue("Retry-After")).isPresent();
                    allActive = false;
                    continue;
                }
                assertThat(response.statusCode()).as("answer for %s: %s", account.getKey(), response.body()).isEqualTo(200);
                JsonNode answer = JSON.readTree(response.body());
                long balance = answer.path("account").path("balance").asLong();
                assertThat(possible.get(account.getKey())).as("balances %s ever had", account.getKey()).contains(balance);
                statuses.merge(answer.path("servedBy").asText(), 1, Integer::sum);
                allActive &= answer.path("servedBy").asText().equals("active")
                    && balance == account.getValue().get(account.getValue().size() - 1).getBalanceAfter();
            }
            Thread.sleep(200);
        }
        assertThat(allActive).as("b owns and answers every account within 2 minutes; answers seen %s", statuses).isTrue();
    }

    private static Map<String, List<LedgerEntry>> byAccount(List<LedgerEntry> entries) {
        return entries.stream().filter(entry -> !SystemAccounts.isSystem(entry.getAccountId()))
            .collect(Collectors.groupingBy(LedgerEntry::getAccountId, LinkedHashMap::new, Collectors.toList()));
    }

    private static void awaitServing(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Instance instance : instances) {
            while (true) {
                assertThat(instance.process().isAlive()).as("instance %s is alive", instance.name()).isTrue();
                try {
                    // An unknown account is a 404 only once the instance is running and owns or can reach every partition.
                    if (get(instance, "/accounts/nobody").statusCode() == 404) {
                        break;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                assertThat(System.nanoTime()).as("instance %s serving", instance.name()).isLessThan(deadline);
                Thread.sleep(250);
            }
        }
    }

    private static JsonNode getOk(Instance instance, String path) throws Exception {
        HttpResponse<String> response = get(instance, path);
        assertThat(response.statusCode()).as("GET %s on %s: %s", path, instance.name(), response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    /** Asks as the channel: a key the other instance owns is forwarded there with the same credentials. */
    private static HttpResponse<String> get(Instance instance, String path) throws IOException, InterruptedException {
        return get(instance, path, CHANNEL);
    }

    private static HttpResponse<String> get(Instance instance, String path, String authorization)
        throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(instance.url(path))).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    private static Instance startInstance(String name) throws IOException {
        int port = FreePorts.freePort();
        Path config = writeConfig(name, WORK.resolve("state-" + name + "-" + UUID.randomUUID()));
        Path log = WORK.resolve("instance-" + name + ".log");
        Process process = ChildJvm.launch(List.of("-Xmx512m"), HazinaCommand.class.getName(),
            List.of("run", "--config", config.toString(), "--http-port", Integer.toString(port)), WORK, log);
        return new Instance(name, port, process);
    }

    private static Path writeConfig(String name, Path state) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("hazina.bootstrap.servers", broker.bootstrapServers());
        properties.setProperty("hazina.schema.registry.url", registry.url());
        properties.setProperty("hazina.application.id", "hazina-query");
        properties.setProperty("hazina.partitions", Integer.toString(PARTITIONS));
        properties.setProperty("hazina.replication.factor", "1");
        properties.setProperty("hazina.num.stream.threads", "1");
        properties.setProperty("hazina.num.standby.replicas", "1");
        properties.setProperty("hazina.state.dir", state.toString());
        properties.setProperty("hazina.http.users.file", WORK.resolve("http-users.properties").toString());
        properties.setProperty("hazina.streams.session.timeout.ms", "6000");
        properties.setProperty("hazina.streams.heartbeat.interval.ms", "1000");
        Path file = WORK.resolve(name + ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "QueryIT");
        }
        return file;
    }

    private static void hazina(String... args) {
        StringWriter output = new StringWriter();
        int exit = HazinaCommand.run(new PrintWriter(output, true), new PrintWriter(output, true), args);
        assertThat(exit).as("hazina %s: %s", String.join(" ", args), output).isZero();
    }

}

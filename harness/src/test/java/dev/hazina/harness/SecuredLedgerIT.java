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
import java.security.KeyStore;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hazina.harness.broker.BrokerSecurity;
import dev.hazina.harness.broker.BrokerSettings;
import dev.hazina.harness.broker.BrokerTls;
import dev.hazina.harness.broker.KafkaBroker;
import dev.hazina.app.Answers;
import dev.hazina.app.ChannelProducer;
import dev.hazina.app.HazinaCommand;
import dev.hazina.app.ledger.LedgerRunner;
import dev.hazina.app.security.AclSpec;
import dev.hazina.harness.security.BasicAuthFront;
import dev.hazina.schemas.ApicurioServer;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.ClientSecurity;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;
import dev.hazina.topology.LedgerTopics;

/**
 * The ledger on a secured broker (SASL/SCRAM over TLS, deny-by-default ACLs from {@code hazina acls apply})
 * behind a registry that demands Basic credentials over HTTPS: every role's allowed operations succeed, its
 * forbidden ones are refused by the broker, and ISSUE or REVERSAL from a channel never moves money.
 */
class SecuredLedgerIT {

    private static final int PARTITIONS = 2;
    private static final String APP_ID = "hazina-secure";
    private static final String REGISTRY_USER = "hazina";
    private static final String REGISTRY_PASSWORD = "registry-" + UUID.randomUUID();
    private static final Path WORK = ApicurioServer.dirProperty("hazina.it.work.dir", "target/it").resolve("secured");
    /** Fresh each run: a state directory left by an earlier cluster would not match this one's changelogs. */
    private static final Path STATE = WORK.resolve("state-" + UUID.randomUUID());

    private static KafkaBroker broker;
    private static BrokerTls tls;
    private static BrokerSecurity security;
    private static ApicurioServer registry;
    private static BasicAuthFront front;
    private static LedgerRunner ledger;

    @BeforeAll
    static void startEverything() throws Exception {
        Files.createDirectories(WORK);
        tls = BrokerTls.selfSigned(WORK.resolve("tls-" + UUID.randomUUID()));
        security = BrokerSecurity.generated().withTls(tls);
        broker = KafkaBroker.start(BrokerSettings.of(Files.createTempDirectory(WORK, "broker")).withSecurity(security));
        registry = ApicurioServer.start(ApicurioServer.dirProperty("hazina.registry.server.dir", "../registry-server/target"), WORK);
        front = new BasicAuthFront(registry.url().replace(ApicurioServer.CCOMPAT, ""), REGISTRY_USER, REGISTRY_PASSWORD,
            serverContext(tls));

        Path admin = configFile("admin", true);
        assertThat(hazina("topics", "create", "--config", admin.toString())).contains("hazina.operator-requests");
        assertThat(hazina("acls", "apply", "--config", admin.toString())).containsPattern("[1-9][0-9]* added, 0 already present");
        assertThat(hazina("acls", "apply", "--config", admin.toString())).startsWith("0 added, ");
        assertThat(hazina("schemas", "register", "--config", admin.toString())).contains("hazina.operator-requests-value");
        try (Admin client = Admin.create(broker.clientConfig(BrokerSecurity.ADMIN))) {
            // hazina topics create made the settlement batches; the Connect dead letters are Connect's own.
            client.createTopics(List.of(new NewTopic("hazina.connect-dlq", 1, (short) 1))).all().get();
        }
        // The ledger's password comes from the environment, not the file.
        ledger = LedgerRunner.start(LedgerConfig.load(configFile("ledger", false),
            Map.of("HAZINA_KAFKA_SASL_PASSWORD", security.password("ledger"))), Duration.ofMinutes(2));

        Path ops = configFile("ops", true).toAbsolutePath();
        hazina("account", "OPEN", "agent-1", "--type", "AGENT", "--config", ops.toString());
        hazina("account", "OPEN", "alice", "--type", "CUSTOMER", "--config", ops.toString());
        hazina("transfer", "--kind", "ISSUE", "--to", "agent-1", "--amount", "10000000", "--config", ops.toString());
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable part : new AutoCloseable[] {ledger, front, registry, broker}) {
            if (part != null) {
                try {
                    part.close();
                } catch (Exception e) {
                    // keep closing the rest
                }
            }
        }
    }

    @Test
    void shouldLetAChannelTransferAndLearnTheOutcome() throws Exception {
        // When
        String out = hazina("transfer", "--kind", "CASH_IN", "--from", "agent-1", "--to", "alice", "--amount", "50000",
            "--channel", "AGENT_TERMINAL", "--config", configFile("channel-agent", true).toString());

        // Then
        assertThat(out).contains("\"status\": \"COMPLETED\"");
    }

    @Test
    void shouldRefuseIssueAndReversalFromAChannelOnItsOwnTopic() throws Exception {
        // Given
        LedgerConfig channel = config("channel-app");
        TransferRequest issue = request(TransferKind.ISSUE, "SYS.ISSUANCE", "agent-1", 1_000_000, null);
        TransferRequest reversal = request(TransferKind.REVERSAL, "agent-1", "alice", 1_000, "anything");

        // When
        List<TransferResult> results = sendOnChannelTopic(channel, List.of(issue, reversal));

        // Then
        assertThat(results).allSatisfy(result -> {
            assertThat(result.getStatus()).isEqualTo(TransferStatus.REJECTED);
            assertThat(result.getReason()).isEqualTo(ReasonCode.OPERATOR_ONLY);
        });
    }

    @Test
    void shouldDenyAChannelEverythingButRequestsAndResults() {
        LedgerConfig channel = config("channel-ussd");
        for (String topic : List.of("hazina.operator-requests", "hazina.ledger-legs", "hazina.transfer-results",
                "hazina.account-commands", "hazina.ledger-entries", APP_ID + "-hazina-accounts-changelog")) {
            assertThat(writeError(channel, topic)).as("channel writing %s", topic).isInstanceOf(TopicAuthorizationException.class);
        }
        for (String topic : List.of(APP_ID + "-hazina-accounts-changelog", APP_ID + "-hazina-transfers-changelog",
                "hazina.account-events", "hazina.ledger-legs", "hazina.transfer-requests")) {
            assertThat(readError(channel, topic)).as("channel reading %s", topic).isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(writeError(channel, "hazina.transfer-requests")).isNull();
        assertThat(readError(channel, "hazina.transfer-results")).isNull();
    }

    @Test
    void shouldGiveEveryOtherRoleItsOwnTopicsOnly() throws IOException {
        LedgerConfig ops = config("ops");
        assertThat(writeError(ops, "hazina.operator-requests")).isNull();
        assertThat(writeError(ops, "hazina.account-commands")).isNull();
        assertThat(readError(ops, "hazina.account-events")).isNull();
        assertThat(writeError(ops, "hazina.transfer-results")).isInstanceOf(TopicAuthorizationException.class);
        assertThat(writeError(ops, "hazina.ledger-legs")).isInstanceOf(TopicAuthorizationException.class);

        LedgerConfig fraud = config("fraud");
        assertThat(writeError(fraud, "hazina.account-risk")).isNull();
        assertThat(readError(fraud, "hazina.ledger-entries")).isNull();
        assertThat(writeError(fraud, "hazina.ledger-entries")).isInstanceOf(TopicAuthorizationException.class);
        assertThat(writeError(fraud, "hazina.account-commands")).isInstanceOf(TopicAuthorizationException.class);

        LedgerConfig reconciliation = config("reconciliation");
        assertThat(writeError(reconciliation, "hazina.settlement-batches")).isNull();
        assertThat(readError(reconciliation, "hazina.settlements")).isNull();
        assertThat(writeError(reconciliation, "hazina.settlements")).isInstanceOf(TopicAuthorizationException.class);

        LedgerConfig connect = config("connect");
        assertThat(readError(connect, "hazina.settlements")).isNull();
        assertThat(writeError(connect, "hazina.connect-dlq")).isNull();
        assertThat(writeError(connect, "hazina.settlements")).isInstanceOf(TopicAuthorizationException.class);
        assertThat(readError(connect, "hazina.transfer-requests")).isInstanceOf(TopicAuthorizationException.class);

        LedgerConfig auditor = config("auditor");
        assertThat(readError(auditor, "hazina.ledger-entries")).isNull();
        assertThat(readError(auditor, "hazina.audit-checkpoints")).isNull();
        assertThat(writeError(auditor, "hazina.audit-checkpoints")).isInstanceOf(TopicAuthorizationException.class);
        assertThat(writeError(auditor, "hazina.ledger-entries")).isInstanceOf(TopicAuthorizationException.class);
        assertThat(readError(auditor, "hazina.transfer-requests")).isInstanceOf(TopicAuthorizationException.class);
        // hazina audit verify needs nothing more (no checkpoint is sealed here: no reconciliation stream runs).
        assertThat(hazina("audit", "verify", "--config", configFile("auditor", true).toString()))
            .contains("Verifying hazina.ledger-entries against hazina.audit-checkpoints");

        LedgerConfig treasury = config("treasury");
        assertThat(writeError(treasury, "hazina.trust-statements")).isNull();
        assertThat(writeError(treasury, "hazina.daily-reports")).isInstanceOf(TopicAuthorizationException.class);
        assertThat(readError(treasury, "hazina.ledger-entries")).isInstanceOf(TopicAuthorizationException.class);

        LedgerConfig ledgerPrincipal = config("ledger");
        assertThat(writeError(ledgerPrincipal, "hazina.operator-requests")).isInstanceOf(TopicAuthorizationException.class);
    }

    @Test
    void shouldLetOnlyTheReplayPrincipalReplayAChannelPartition() throws Exception {
        // Given: a decided request on the channels' topic
        LedgerConfig channel = config("channel-agent");
        TransferRequest cashIn = request(TransferKind.CASH_IN, "agent-1", "alice", 2_000, null);
        int partition;
        try (ChannelProducer producer = new ChannelProducer(channel);
             Answers<TransferResult> answers = new Answers<>(channel.kafkaClientConfig(),
                 channel.topicName(TopicName.TRANSFER_RESULTS), LedgerTopics.from(channel).results().valueSerde().deserializer())) {
            partition = producer.send(cashIn).get().partition();
            assertThat(answers.await(result -> result.getRequestId().equals(cashIn.getRequestId()), Duration.ofSeconds(60)))
                .isNotNull();
        }
        String[] replay = {"replay", "--partition", Integer.toString(partition), "--from-offset", "0", "--config"};

        // When / Then: the replay principal gets an empty diff; a channel is denied
        assertThat(hazina(concat(replay, configFile("replay", true).toString()))).contains("0 different, 0 unanswered");
        StringWriter err = new StringWriter();
        int exit = HazinaCommand.run(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true),
            concat(replay, configFile("channel-app", true).toString()));
        assertThat(exit).isNotZero();
        assertThat(err.toString()).containsIgnoringCase("authoriz");
    }

    private static String[] concat(String[] head, String last) {
        String[] all = Arrays.copyOf(head, head.length + 1);
        all[head.length] = last;
        return all;
    }

    @Test
    void shouldRefuseAWrongPasswordAndNoCredentials() {
        // Given
        Map<String, Object> wrong = new HashMap<>(broker.clientConfig("channel-app"));
        wrong.put("sasl.jaas.config", ClientSecurity.jaas(BrokerSecurity.SCRAM_MECHANISM, "channel-app", "not-the-password"));
        Map<String, Object> none = Map.of("bootstrap.servers", broker.bootstrapServers());

        // Then
        assertThat(describeError(wrong)).isInstanceOf(SaslAuthenticationException.class);
        assertThat(describeError(none)).isNotNull();
    }

    @Test
    void shouldSpeakOnlyTlsToClientsThatTrustTheBroker() {
        // Given: the right password, but plaintext; then TLS without the trust store
        Map<String, Object> plaintext = new HashMap<>(broker.clientConfig("channel-app"));
        plaintext.put("security.protocol", "SASL_PLAINTEXT");
        Map<String, Object> untrusting = new HashMap<>(broker.clientConfig("channel-app"));
        untrusting.keySet().removeIf(key -> key.startsWith("ssl.truststore"));

        // Then: neither gets through; the configured client does
        assertThat(describeError(plaintext)).isNotNull();
        assertThat(describeError(untrusting)).isInstanceOf(SslAuthenticationException.class);
        assertThat(describeError(broker.clientConfig("channel-app"))).isNull();
        assertThat(front.url()).startsWith("https://");
    }

    @Test
    void shouldRefuseTheRegistryWithoutCredentials() throws Exception {
        // When
        HttpResponse<String> anonymous = HttpClient.newBuilder().sslContext(clientContext(tls)).build().send(
            HttpRequest.newBuilder(URI.create(front.url() + ApicurioServer.CCOMPAT + "/subjects")).build(),
            HttpResponse.BodyHandlers.ofString());

        // Then: refused, while the ledger and the CLI (with credentials) got through it
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(ledger.failure()).isNull();
    }

    private static List<TransferResult> sendOnChannelTopic(LedgerConfig channel, List<TransferRequest> requests)
            throws Exception {
        try (Answers<TransferResult> answers = new Answers<>(channel.kafkaClientConfig(), "hazina.transfer-results",
                AvroSerde.forValues(TransferResult.class, channel.serdeConfig()).deserializer());
             KafkaProducer<byte[], byte[]> producer = producer(channel)) {
            var serializer = AvroSerde.forValues(TransferRequest.class, channel.serdeConfig()).serializer();
            for (TransferRequest request : requests) {
                producer.send(new ProducerRecord<>("hazina.transfer-requests",
                    dev.hazina.topology.LedgerTopics.requestKey(request).getBytes(StandardCharsets.UTF_8),
                    serializer.serialize("hazina.transfer-requests", request))).get();
            }
            // One wait for all: Answers skips what does not match, so a wait per request could skip the next answer.
            Map<String, TransferResult> found = new HashMap<>();
            answers.await(result -> {
                if (requests.stream().anyMatch(r -> r.getRequestId().equals(result.getRequestId()))) {
                    found.put(result.getRequestId(), result);
                }
                return found.size() == requests.size();
            }, Duration.ofSeconds(60));
            assertThat(found).as("answers").hasSize(requests.size());
            return List.copyOf(found.values());
        }
    }

    private static TransferRequest request(TransferKind kind, String payer, String payee, long amount, String reference) {
        return TransferRequest.newBuilder().setRequestId("secured-" + UUID.randomUUID()).setChannel(Channel.ADMIN)
            .setKind(kind).setPayer(payer).setPayee(payee).setAmount(amount).setCurrency("KES").setReference(reference)
            .setRequestedAt(System.currentTimeMillis()).build();
    }

    /** The error of producing one record to {@code topic}, or null when it was written. */
    private static Throwable writeError(LedgerConfig config, String topic) {
        try (KafkaProducer<byte[], byte[]> producer = producer(config)) {
            producer.send(new ProducerRecord<>(topic, "probe".getBytes(StandardCharsets.UTF_8), new byte[] {1})).get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (RuntimeException e) {
            return e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The error of reading partition 0 of {@code topic} from its start, or null when the read was allowed. */
    private static Throwable readError(LedgerConfig config, String topic) {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientConfig());
        settings.put("auto.offset.reset", "earliest");
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(settings, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(new TopicPartition(topic, 0)));
            consumer.poll(Duration.ofSeconds(3));
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }

    private static SSLContext serverContext(BrokerTls tls) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(tls.keyStore())) {
            keys.load(in, tls.keyStorePassword().toCharArray());
        }
        KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        factory.init(keys, tls.keyStorePassword().toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(factory.getKeyManagers(), null, null);
        return context;
    }

    private static SSLContext clientContext(BrokerTls tls) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(tls.trustStore())) {
            trusted.load(in, tls.trustStorePassword().toCharArray());
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static Throwable describeError(Map<String, Object> client) {
        Map<String, Object> settings = new HashMap<>(client);
        settings.put("default.api.timeout.ms", 5_000);
        settings.put("request.timeout.ms", 5_000);
        try (Admin admin = Admin.create(settings)) {
            admin.describeCluster().nodes().get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer(LedgerConfig config) {
        Map<String, Object> settings = new HashMap<>(config.kafkaClientConfig());
        settings.put("enable.idempotence", false);
        settings.put("max.block.ms", 10_000);
        settings.put("delivery.timeout.ms", 10_000);
        settings.put("request.timeout.ms", 5_000);
        return new KafkaProducer<>(settings, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private static LedgerConfig config(String principal) {
        try {
            return LedgerConfig.load(configFile(principal, true), Map.of());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The config file of {@code principal}; with {@code withPassword}, its password is in it (tests only). */
    private static Path configFile(String principal, boolean withPassword) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("hazina.bootstrap.servers", broker.bootstrapServers());
        properties.setProperty("hazina.schema.registry.url", front.url() + ApicurioServer.CCOMPAT);
        properties.setProperty(LedgerConfig.SCHEMA_REGISTRY_USER_INFO_CONFIG, REGISTRY_USER + ":" + REGISTRY_PASSWORD);
        properties.setProperty("hazina.application.id", APP_ID);
        properties.setProperty("hazina.partitions", Integer.toString(PARTITIONS));
        properties.setProperty("hazina.replication.factor", "1");
        properties.setProperty("hazina.num.standby.replicas", "0");
        properties.setProperty("hazina.num.stream.threads", "1");
        properties.setProperty("hazina.state.dir", STATE.toString());
        properties.setProperty(ClientSecurity.SECURITY_PROTOCOL_CONFIG, "SASL_SSL");
        // The broker's listener and the registry's front share one certificate for 127.0.0.1.
        for (String prefix : List.of("hazina.kafka.", "hazina.schema.registry.")) {
            properties.setProperty(prefix + "ssl.truststore.location", tls.trustStore().toString());
            properties.setProperty(prefix + "ssl.truststore.type", "PKCS12");
            properties.setProperty(prefix + "ssl.truststore.password", tls.trustStorePassword());
        }
        properties.setProperty(ClientSecurity.SASL_USERNAME_CONFIG, principal);
        if (withPassword) {
            properties.setProperty(ClientSecurity.SASL_PASSWORD_CONFIG, security.password(principal));
        }
        for (String channel : List.of("channel-ussd", "channel-app", "channel-agent")) {
            properties.setProperty(AclSpec.PRINCIPAL_PREFIX + channel, "channel");
        }
        for (String role : List.of("ops", "replay", "ledger", "fraud", "reconciliation", "connect", "auditor", "treasury")) {
            properties.setProperty(AclSpec.PRINCIPAL_PREFIX + role, role);
        }
        Path file = WORK.resolve(principal + ".properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "SecuredLedgerIT: " + principal);
        }
        return file;
    }

    private static String hazina(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = HazinaCommand.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        assertThat(exit).as("hazina %s: %s %s", String.join(" ", args), out, err).isZero();
        return out + err.toString();
    }
}

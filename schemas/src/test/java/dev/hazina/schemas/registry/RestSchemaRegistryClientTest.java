package dev.hazina.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.HazinaSchemas;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferRequest;

class RestSchemaRegistryClientTest {

    private static final String SUBJECT = "hazina.transfer-requests-value";

    private FakeRegistryServer server;
    private SchemaRegistryClient client;

    @BeforeEach
    void start() throws IOException {
        server = FakeRegistryServer.start();
        client = SchemaRegistryClients.create(config(server.url()));
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @Test
    void shouldRegisterPlainSchemaTextAndFetchItById() {
        // When
        int id = client.register(SUBJECT, TransferRequest.getClassSchema());
        String contentType = server.lastContentType();
        Schema fetched = SchemaRegistryClients.create(config(server.url())).schemaById(id);

        // Then
        String plain = HazinaSchemas.plain(TransferRequest.getClassSchema()).toString();
        assertThat(fetched.toString()).isEqualTo(plain).doesNotContain("avro.java.string");
        assertThat(server.registry().schemaById(id).toString()).isEqualTo(plain);
        assertThat(contentType).isEqualTo("application/vnd.schemaregistry.v1+json");
    }

    @Test
    void shouldCacheRegistrationsAndSchemasById() {
        // Given
        int id = client.register(SUBJECT, TransferRequest.getClassSchema());
        client.schemaById(id);
        int before = server.totalRequests();

        // When
        int again = client.register(SUBJECT, TransferRequest.getClassSchema());
        client.schemaById(id);

        // Then
        assertThat(again).isEqualTo(id);
        assertThat(server.totalRequests()).isEqualTo(before);
    }

    @Test
    void shouldLookUpOnlyRegisteredSchemas() {
        // Given
        int id = client.register(SUBJECT, TransferRequest.getClassSchema());

        // When / Then
        assertThat(client.lookup(SUBJECT, TransferRequest.getClassSchema())).contains(id);
        assertThat(client.lookup(SUBJECT, LedgerEntry.getClassSchema())).isEmpty();
        assertThat(client.lookup("unknown-value", LedgerEntry.getClassSchema())).isEmpty();
    }

    @Test
    void shouldReturnLatestVersionOfSubject() {
        // Given
        server.registry().setCompatibility(SUBJECT, "NONE");
        client.register(SUBJECT, TransferRequest.getClassSchema());
        int second = client.register(SUBJECT, LedgerEntry.getClassSchema());

        // When
        RegisteredSchema latest = client.latest(SUBJECT);

        // Then
        assertThat(latest.subject()).isEqualTo(SUBJECT);
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(second);
        assertThat(latest.schema().getFullName()).isEqualTo("dev.hazina.schemas.LedgerEntry");
    }

    @Test
    void shouldReportUnknownSchemaIdAs40403() {
        // When / Then
        assertThatThrownBy(() -> client.schemaById(4242))
            .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(404);
                assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SCHEMA_NOT_FOUND);
            })
            .hasMessageContaining(server.url())
            .hasMessageContaining("40403");
    }

    @Test
    void shouldReadSubjectLevelCompatibilityAndFallBackToGlobal() {
        // Given
        client.setCompatibility(SUBJECT, "full_transitive");

        // When / Then
        assertThat(client.compatibility(SUBJECT)).isEqualTo("FULL_TRANSITIVE");
        assertThat(client.compatibility("other-value")).isEqualTo("BACKWARD");
        assertThat(client.compatibility(null)).isEqualTo("BACKWARD");
    }

    @Test
    void shouldRefuseIncompatibleSchemaWithMessageNamingSubject() {
        // Given
        client.setCompatibility(SUBJECT, "BACKWARD");
        client.register(SUBJECT, TransferRequest.getClassSchema());

        // When / Then
        assertThatThrownBy(() -> client.register(SUBJECT, LedgerEntry.getClassSchema()))
            .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(409);
                assertThat(e.errorCode()).isEqualTo(409);
            })
            .isNotInstanceOf(RegistryUnavailableException.class)
            .hasMessageContaining("subject '" + SUBJECT + "'")
            .hasMessageContaining("incompatible")
            .hasMessageContaining("error_code 409");
        assertThat(server.requests("POST /subjects/" + SUBJECT + "/versions")).isEqualTo(2);
    }

    @Test
    void shouldTestCompatibilityAgainstLatest() {
        // Given
        client.register(SUBJECT, TransferRequest.getClassSchema());

        // When / Then
        assertThat(client.testCompatibility(SUBJECT, TransferRequest.getClassSchema())).isTrue();
        assertThat(client.testCompatibility(SUBJECT, LedgerEntry.getClassSchema())).isFalse();
        assertThat(client.testCompatibility("new-subject-value", LedgerEntry.getClassSchema())).isTrue();
    }

    @Test
    void shouldListSubjects() {
        // Given
        client.register("a-value", TransferRequest.getClassSchema());
        client.register("b-value", LedgerEntry.getClassSchema());

        // When / Then
        assertThat(client.subjects()).containsExactlyInAnyOrder("a-value", "b-value");
    }

    @Test
    void shouldRetryServerErrorsThenSucceed() {
        // Given
        server.failNext(503, 500, 429);

        // When
        int id = client.register(SUBJECT, TransferRequest.getClassSchema());

        // Then
        assertThat(client.schemaById(id).getFullName()).isEqualTo(TransferRequest.getClassSchema().getFullName());
        assertThat(server.requests("POST /subjects/" + SUBJECT + "/versions")).isEqualTo(4);
    }

    @Test
    void shouldNeverRetryClientErrors() {
        // Given
        server.failNext(401);

        // When / Then
        assertThatThrownBy(() -> client.subjects())
            .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(401))
            .isNotInstanceOf(RegistryUnavailableException.class);
        assertThat(server.requests("GET /subjects")).isEqualTo(1);
    }

    @Test
    void shouldGiveUpAfterRetriesOnPersistentServerErrors() {
        // Given
        server.failNext(503, 503, 503, 503, 503, 503);
        SchemaRegistryClient twoRetries = SchemaRegistryClients.create(config(server.url(),
            RegistryConfig.RETRIES_CONFIG, 2));

        // When / Then
        assertThatThrownBy(twoRetries::subjects)
            .isInstanceOfSatisfying(RegistryUnavailableException.class, e -> assertThat(e.httpStatus()).isEqualTo(503))
            .hasMessageContaining(server.url())
            .hasMessageContaining("3 attempt(s)")
            .hasMessageContaining("HTTP 503");
        assertThat(server.requests("GET /subjects")).isEqualTo(3);
    }

    @Test
    void shouldReportUnreachableRegistryOnceNamingUrlAfterExponentialBackoff() throws IOException {
        // Given
        String url = "http://127.0.0.1:" + freePort() + "/apis/ccompat/v7";
        SchemaRegistryClient offline = SchemaRegistryClients.create(config(url,
            RegistryConfig.RETRIES_CONFIG, 3, RegistryConfig.RETRY_BACKOFF_MS_CONFIG, 50));
        long start = System.nanoTime();

        // When / Then
        assertThatThrownBy(() -> offline.register(SUBJECT, TransferRequest.getClassSchema()))
            .isInstanceOf(RegistryUnavailableException.class)
            .hasMessageContaining("Schema registry unavailable at " + url)
            .hasMessageContaining("4 attempt(s)")
            .hasMessageContaining("subject '" + SUBJECT + "'");
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMs).as("50 + 100 + 200 ms of backoff").isBetween(350L, 5_000L);
    }

    @Test
    void shouldFailOverToTheNextUrl() throws IOException {
        // Given
        String dead = "http://127.0.0.1:" + freePort();
        SchemaRegistryClient failover = SchemaRegistryClients.create(config(dead + "," + server.url(),
            RegistryConfig.RETRIES_CONFIG, 1));

        // When
        int id = failover.register(SUBJECT, TransferRequest.getClassSchema());

        // Then
        assertThat(client.schemaById(id).getFullName()).isEqualTo(TransferRequest.getClassSchema().getFullName());
        assertThat(failover.url()).isEqualTo(dead + "," + server.url());
    }

    @Test
    void shouldSendBasicAuthFromUserInfo() {
        // Given
        SchemaRegistryClient authenticated = SchemaRegistryClients.create(config(server.url(),
            RegistryConfig.BASIC_AUTH_CREDENTIALS_SOURCE_CONFIG, "USER_INFO",
            RegistryConfig.BASIC_AUTH_USER_INFO_CONFIG, "ledger:s3cret:with-colon"));

        // When
        authenticated.subjects();

        // Then
        assertThat(server.lastAuthorization()).isEqualTo("Basic "
            + Base64.getEncoder().encodeToString("ledger:s3cret:with-colon".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldSendBasicAuthFromUrlWithoutShowingThePassword() {
        // Given
        String withCredentials = server.url().replace("http://", "http://ledger:s3cret@");
        SchemaRegistryClient authenticated = SchemaRegistryClients.create(config(withCredentials));

        // When
        authenticated.subjects();

        // Then
        assertThat(server.lastAuthorization()).isEqualTo("Basic "
            + Base64.getEncoder().encodeToString("ledger:s3cret".getBytes(StandardCharsets.UTF_8)));
        assertThat(authenticated.url()).isEqualTo(server.url()).doesNotContain("s3cret");
    }

    @Test
    void shouldSendNoAuthByDefault() {
        // When
        client.subjects();

        // Then
        assertThat(server.lastAuthorization()).isNull();
    }

    @Test
    void shouldRejectUnknownCompatibilityLevelWithoutAsking() {
        // When / Then
        assertThatThrownBy(() -> client.setCompatibility(SUBJECT, "SIDEWAYS"))
            .isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL))
            .hasMessageContaining("SIDEWAYS");
        assertThat(server.totalRequests()).isZero();
    }

    static Map<String, Object> config(String url, Object... more) {
        Map<String, Object> config = new HashMap<>();
        config.put(RegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, url);
        config.put(RegistryConfig.RETRY_BACKOFF_MS_CONFIG, 1);
        for (int i = 0; i < more.length; i += 2) {
            config.put((String) more[i], more[i + 1]);
        }
        return config;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

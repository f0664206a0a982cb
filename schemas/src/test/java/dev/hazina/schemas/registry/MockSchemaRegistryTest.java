package dev.hazina.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.HazinaSchemas;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferRequest;

class MockSchemaRegistryTest {

    private static final String SUBJECT = "hazina.transfer-requests-value";
    private static final Schema V1 = new Schema.Parser().parse(
        "{\"type\":\"record\",\"name\":\"R\",\"fields\":[{\"name\":\"a\",\"type\":\"string\"}]}");
    private static final Schema V2_WITH_DEFAULT = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\","
        + "\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"long\",\"default\":0}]}");
    private static final Schema V2_WITHOUT_DEFAULT = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\","
        + "\"fields\":[{\"name\":\"a\",\"type\":\"string\"},{\"name\":\"b\",\"type\":\"long\"}]}");

    private final String scope = "mock-registry-test-" + UUID.randomUUID();
    private final SchemaRegistryClient client =
        SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope));

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void shouldShareOneRegistryPerScope() {
        // Given
        int id = client.register(SUBJECT, TransferRequest.getClassSchema());

        // When
        SchemaRegistryClient other =
            SchemaRegistryClients.create(Map.of(RegistryConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://" + scope));

        // Then
        assertThat(other).isSameAs(MockSchemaRegistry.forScope(scope));
        assertThat(other.lookup(SUBJECT, TransferRequest.getClassSchema())).contains(id);
        assertThat(other.url()).isEqualTo("mock://" + scope);
        assertThat(MockSchemaRegistry.forScope(scope + "-other").subjects()).isEmpty();
        MockSchemaRegistry.dropScope(scope + "-other");
    }

    @Test
    void shouldStartEmptyAfterDropScope() {
        // Given
        client.register(SUBJECT, TransferRequest.getClassSchema());

        // When
        MockSchemaRegistry.dropScope(scope);

        // Then
        assertThat(MockSchemaRegistry.forScope(scope).subjects()).isEmpty();
    }

    @Test
    void shouldRegisterIdempotentlyWithGlobalIds() {
        // When
        int first = client.register(SUBJECT, TransferRequest.getClassSchema());
        int again = client.register(SUBJECT, HazinaSchemas.plain(TransferRequest.getClassSchema()));
        int otherSubject = client.register("copy-value", TransferRequest.getClassSchema());
        int otherSchema = client.register("entries-value", LedgerEntry.getClassSchema());

        // Then
        assertThat(again).isEqualTo(first);
        assertThat(otherSubject).isEqualTo(first);
        assertThat(otherSchema).isNotEqualTo(first);
        assertThat(client.latest(SUBJECT).version()).isEqualTo(1);
    }

    @Test
    void shouldDefaultToBackwardLikeConfluent() {
        // When / Then
        assertThat(client.compatibility(null)).isEqualTo("BACKWARD");
        assertThat(client.compatibility(SUBJECT)).isEqualTo("BACKWARD");
    }

    @Test
    void shouldAcceptBackwardCompatibleNewVersion() {
        // Given
        client.register("r-value", V1);

        // When
        int id = client.register("r-value", V2_WITH_DEFAULT);

        // Then
        RegisteredSchema latest = client.latest("r-value");
        assertThat(latest.version()).isEqualTo(2);
        assertThat(latest.id()).isEqualTo(id);
    }

    @Test
    void shouldRefuseBackwardIncompatibleVersionWith409NamingSubjectAndField() {
        // Given
        client.register("r-value", V1);

        // When / Then
        assertThat(client.testCompatibility("r-value", V2_WITHOUT_DEFAULT)).isFalse();
        assertThatThrownBy(() -> client.register("r-value", V2_WITHOUT_DEFAULT))
            .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(409);
                assertThat(e.errorCode()).isEqualTo(409);
            })
            .hasMessageContaining("'r-value'")
            .hasMessageContaining("READER_FIELD_MISSING_DEFAULT_VALUE")
            .hasMessageContaining("(b)");
        assertThat(client.latest("r-value").version()).isEqualTo(1);
    }

    @Test
    void shouldAcceptAnythingWithNone() {
        // Given
        client.register("r-value", V1);
        client.setCompatibility("r-value", "NONE");

        // When
        client.register("r-value", V2_WITHOUT_DEFAULT);

        // Then
        assertThat(client.latest("r-value").version()).isEqualTo(2);
        assertThat(client.compatibility("r-value")).isEqualTo("NONE");
        assertThat(client.compatibility("other")).isEqualTo("BACKWARD");
    }

    @Test
    void shouldCheckForwardCompatibility() {
        // Given
        client.setCompatibility("r-value", "FORWARD");
        client.register("r-value", V2_WITHOUT_DEFAULT);

        // When / Then an old reader (V2) cannot read data from V1, which lacks 'b'
        assertThat(client.testCompatibility("r-value", V1)).isFalse();
        assertThat(client.testCompatibility("r-value", V2_WITH_DEFAULT)).isTrue();
    }

    @Test
    void shouldCheckEveryVersionWhenTransitive() {
        // Given V1, then V2 with a default, then a V3 whose 'b' has a default but 'a' is gone
        Schema v3 = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"R\","
            + "\"fields\":[{\"name\":\"b\",\"type\":\"long\",\"default\":0},{\"name\":\"c\",\"type\":\"int\"}]}");
        client.setCompatibility("r-value", "BACKWARD_TRANSITIVE");
        client.register("r-value", V1);
        client.register("r-value", V2_WITH_DEFAULT);

        // When / Then
        assertThat(client.testCompatibility("r-value", v3)).isFalse();
    }

    @Test
    void shouldReportUnknownIdAndSubjectWithConfluentCodes() {
        // When / Then
        assertThatThrownBy(() -> client.schemaById(99))
            .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                assertThat(e.httpStatus()).isEqualTo(404);
                assertThat(e.errorCode()).isEqualTo(40403);
            });
        assertThatThrownBy(() -> client.latest("nope"))
            .isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(40401));
    }

    @Test
    void shouldRejectInvalidCompatibilityLevel() {
        // When / Then
        assertThatThrownBy(() -> client.setCompatibility(SUBJECT, "MOSTLY"))
            .isInstanceOfSatisfying(SchemaRegistryException.class,
                e -> assertThat(e.errorCode()).isEqualTo(42203));
    }

    @Test
    void shouldTreatSubjectWithoutVersionsAsCompatible() {
        // When / Then
        assertThat(client.testCompatibility("fresh-value", V1)).isTrue();
    }

    @Test
    void shouldAgreeOnIdsAcrossIndependentRegistriesAndResolveUnregisteredHazinaSchemas() {
        // Given: two scopes stand for two JVMs that never talk to each other
        MockSchemaRegistry writer = MockSchemaRegistry.forScope("jvm-a-" + java.util.UUID.randomUUID());
        MockSchemaRegistry reader = MockSchemaRegistry.forScope("jvm-b-" + java.util.UUID.randomUUID());

        // When
        int id = writer.register("hazina.ledger-entries-value", dev.hazina.schemas.LedgerEntry.getClassSchema());

        // Then
        assertThat(reader.schemaById(id).getFullName()).isEqualTo("dev.hazina.schemas.LedgerEntry");
        assertThat(reader.register("hazina.ledger-entries-value", dev.hazina.schemas.LedgerEntry.getClassSchema()))
            .isEqualTo(id);
    }
}

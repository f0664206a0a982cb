package dev.hazina.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.registry.MockSchemaRegistry;
import dev.hazina.schemas.registry.RegisteredSchema;
import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryException;

class SchemaRegistrarTest {

    private final String scope = "registrar-test-" + UUID.randomUUID();
    private final MockSchemaRegistry registry = MockSchemaRegistry.forScope(scope);

    @AfterEach
    void drop() {
        MockSchemaRegistry.dropScope(scope);
    }

    @Test
    void shouldSetCompatibilityAndRegisterEverySubject() {
        // Given
        registry.setCompatibility(null, "NONE");
        Map<String, Schema> subjects = new LinkedHashMap<>();
        subjects.put(SchemaRegistrar.subject("hazina.transfer-requests", false), TransferRequest.getClassSchema());
        subjects.put(SchemaRegistrar.subject("hazina.ledger-entries", false), LedgerEntry.getClassSchema());

        // When
        Map<String, Integer> ids = SchemaRegistrar.registerAll(registry, subjects, "BACKWARD");

        // Then
        assertThat(ids).containsExactly(
            Map.entry("hazina.transfer-requests-value",
                registry.lookup("hazina.transfer-requests-value", TransferRequest.getClassSchema()).orElseThrow()),
            Map.entry("hazina.ledger-entries-value",
                registry.lookup("hazina.ledger-entries-value", LedgerEntry.getClassSchema()).orElseThrow()));
        assertThat(ids.get("hazina.transfer-requests-value")).isNotEqualTo(ids.get("hazina.ledger-entries-value"));
        assertThat(registry.compatibility("hazina.transfer-requests-value")).isEqualTo("BACKWARD");
        assertThat(registry.compatibility("hazina.ledger-entries-value")).isEqualTo("BACKWARD");
        assertThat(SchemaRegistrar.registerAll(registry, subjects, "BACKWARD")).isEqualTo(ids);
    }

    @Test
    void shouldSetCompatibilityRightAfterFirstVersionWhenRegistryNeedsTheSubjectToExist() {
        // Given a registry that, like some Apicurio versions, keeps config only for existing subjects
        List<String> calls = new ArrayList<>();
        SchemaRegistryClient strict = new StrictConfigRegistry(registry, calls);

        // When
        SchemaRegistrar.registerAll(strict, Map.of("t-value", LedgerEntry.getClassSchema()), "FULL");

        // Then
        assertThat(calls).containsExactly("setCompatibility t-value FULL -> 404", "register t-value",
            "setCompatibility t-value FULL");
        assertThat(registry.compatibility("t-value")).isEqualTo("FULL");
    }

    @Test
    void shouldStopAtAnIncompatibleSchema() {
        // Given
        registry.register("t-value", TransferRequest.getClassSchema());

        // When / Then
        assertThatThrownBy(() -> SchemaRegistrar.registerAll(registry, Map.of("t-value", LedgerEntry.getClassSchema()),
            "BACKWARD"))
            .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.httpStatus()).isEqualTo(409))
            .hasMessageContaining("t-value");
    }

    /** Refuses config for subjects without versions, then delegates. */
    private record StrictConfigRegistry(MockSchemaRegistry delegate, List<String> calls) implements SchemaRegistryClient {

        @Override
        public int register(String subject, Schema schema) {
            calls.add("register " + subject);
            return delegate.register(subject, schema);
        }

        @Override
        public void setCompatibility(String subject, String level) {
            if (!delegate.subjects().contains(subject)) {
                calls.add("setCompatibility " + subject + " " + level + " -> 404");
                throw new SchemaRegistryException("No artifact " + subject, 404, 40401);
            }
            calls.add("setCompatibility " + subject + " " + level);
            delegate.setCompatibility(subject, level);
        }

        @Override
        public Schema schemaById(int id) {
            return delegate.schemaById(id);
        }

        @Override
        public Optional<Integer> lookup(String subject, Schema schema) {
            return delegate.lookup(subject, schema);
        }

        @Override
        public RegisteredSchema latest(String subject) {
            return delegate.latest(subject);
        }

        @Override
        public String compatibility(String subject) {
            return delegate.compatibility(subject);
        }

        @Override
        public boolean testCompatibility(String subject, Schema schema) {
            return delegate.testCompatibility(subject, schema);
        }

        @Override
        public List<String> subjects() {
            return delegate.subjects();
        }

        @Override
        public String url() {
            return delegate.url();
        }

        @Override
        public void close() {
        }
    }
}

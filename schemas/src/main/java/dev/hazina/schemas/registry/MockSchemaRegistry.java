package dev.hazina.schemas.registry;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;

import dev.hazina.schemas.HazinaSchemas;

/**
 * An in-process schema registry for tests and the embedded default, reached with
 * {@code schema.registry.url=mock://<scope>} (Confluent's convention): every client of the same
 * scope in the JVM sees the same registry until {@link #dropScope}.
 *
 * <p>It behaves like a real registry where the ledger can tell: global ids shared by identical
 * schemas across subjects, versions per subject, idempotent registration, and compatibility levels
 * (default BACKWARD, as Confluent's) checked with Avro's {@code SchemaCompatibility}, refusing an
 * incompatible schema with a 409. Errors carry Confluent's status and error codes.
 *
 * <p>Ids are not sequential: each is derived from a fingerprint of the schema text, so separate
 * JVMs using {@code mock://} (a ledger, a load generator, a chaos harness's instances) agree on
 * ids without sharing a registry, and every Hazina schema can be resolved by id even where it was
 * never registered. Two texts whose fingerprints collide take the next free id; that order-dependent
 * case is the one way two JVMs could disagree.
 */
public final class MockSchemaRegistry implements SchemaRegistryClient {

    private static final Map<String, MockSchemaRegistry> SCOPES = new ConcurrentHashMap<>();

    private final String scope;
    private final Map<String, Integer> idsByText = new HashMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new LinkedHashMap<>();
    private final Map<String, CompatibilityLevel> levelBySubject = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;

    private MockSchemaRegistry(String scope) {
        this.scope = scope;
    }

    /** The registry of {@code scope}, created empty on first use. */
    public static MockSchemaRegistry forScope(String scope) {
        return SCOPES.computeIfAbsent(scope, MockSchemaRegistry::new);
    }

    /** Forgets the registry of {@code scope}; the next {@link #forScope} starts empty. */
    public static void dropScope(String scope) {
        SCOPES.remove(scope);
    }

    @Override
    public synchronized int register(String subject, Schema schema) {
        String text = PlainSchemas.text(schema);
        List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        Integer known = idsByText.get(text);
        if (known != null && versions.contains(known)) {
            return known;
        }
        Schema plain = new Schema.Parser().parse(text);
        String problems = levelOf(subject).problems(plain, versions.stream().map(schemasById::get).toList());
        if (!problems.isEmpty()) {
            throw new SchemaRegistryException("Schema being registered is incompatible with an earlier schema "
                + "for subject '" + subject + "' (compatibility " + levelOf(subject) + "): " + problems
                + " [registry " + url() + ", HTTP 409, error_code 409]", 409,
                SchemaRegistryException.INCOMPATIBLE_SCHEMA);
        }
        int id = idsByText.computeIfAbsent(text, this::freeId);
        schemasById.putIfAbsent(id, plain);
        versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>()).add(id);
        return id;
    }

    /** The fingerprint id of {@code text}, or the next one up if another text holds it. */
    private int freeId(String text) {
        int id = fingerprintId(text);
        while (schemasById.containsKey(id)) {
            id = id == Integer.MAX_VALUE ? 1 : id + 1;
        }
        return id;
    }

    static int fingerprintId(String text) {
        int id = (int) (SchemaNormalization.fingerprint64(text.getBytes(StandardCharsets.UTF_8)) & 0x7fffffffL);
        return id == 0 ? 1 : id;
    }

    /** Makes a Hazina schema with this fingerprint id known, as if another JVM had registered it. */
    private void adoptHazinaSchema(int id) {
        for (Schema hazina : HazinaSchemas.all().values()) {
            String text = PlainSchemas.text(hazina);
            if (fingerprintId(text) == id && !idsByText.containsKey(text)) {
                idsByText.put(text, id);
                schemasById.put(id, new Schema.Parser().parse(text));
            }
        }
    }

    @Override
    public synchronized Schema schemaById(int id) {
        if (!schemasById.containsKey(id)) {
            adoptHazinaSchema(id);
        }
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException("Schema " + id + " not found [registry " + url()
                + ", HTTP 404, error_code 40403]", 404, SchemaRegistryException.SCHEMA_NOT_FOUND);
        }
        return schema;
    }

    @Override
    public synchronized Optional<Integer> lookup(String subject, Schema schema) {
        Integer id = idsByText.get(PlainSchemas.text(schema));
        return id != null && versionsBySubject.getOrDefault(subject, List.of()).contains(id)
            ? Optional.of(id) : Optional.empty();
    }

    @Override
    public synchronized RegisteredSchema latest(String subject) {
        List<Integer> versions = versionsOf(subject);
        int id = versions.get(versions.size() - 1);
        return new RegisteredSchema(subject, versions.size(), id, schemasById.get(id));
    }

    @Override
    public synchronized String compatibility(String subject) {
        return levelOf(subject).name();
    }

    @Override
    public synchronized void setCompatibility(String subject, String level) {
        CompatibilityLevel parsed = CompatibilityLevel.parse(level);
        if (subject == null) {
            globalLevel = parsed;
        } else {
            levelBySubject.put(subject, parsed);
        }
    }

    @Override
    public synchronized boolean testCompatibility(String subject, Schema schema) {
        List<Schema> versions = versionsBySubject.getOrDefault(subject, List.of()).stream()
            .map(schemasById::get).toList();
        return levelOf(subject).problems(PlainSchemas.schema(schema), versions).isEmpty();
    }

    @Override
    public synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    @Override
    public String url() {
        return "mock://" + scope;
    }

    /** Does nothing: the registry lives on for other clients of its scope until {@link #dropScope}. */
    @Override
    public void close() {
    }

    @Override
    public String toString() {
        return "MockSchemaRegistry[" + url() + "]";
    }

    private CompatibilityLevel levelOf(String subject) {
        return subject == null ? globalLevel : levelBySubject.getOrDefault(subject, globalLevel);
    }

    private List<Integer> versionsOf(String subject) {
        List<Integer> versions = versionsBySubject.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException("Subject '" + subject + "' not found [registry " + url()
                + ", HTTP 404, error_code 40401]", 404, SchemaRegistryException.SUBJECT_NOT_FOUND);
        }
        return versions;
    }
}

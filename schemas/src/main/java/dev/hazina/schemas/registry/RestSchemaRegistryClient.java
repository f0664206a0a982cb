package dev.hazina.schemas.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@link SchemaRegistryClient} over the Confluent REST API. Caches what cannot change: schemas by
 * id, and ids of schemas registered or looked up under a subject.
 */
final class RestSchemaRegistryClient implements SchemaRegistryClient {

    private final RegistryHttp http;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Integer> idsBySubjectAndText = new ConcurrentHashMap<>();

    RestSchemaRegistryClient(RegistryConfig config) {
        this.http = new RegistryHttp(config);
    }

    @Override
    public int register(String subject, Schema schema) {
        String text = PlainSchemas.text(schema);
        String key = subject + '\n' + text;
        Integer cached = idsBySubjectAndText.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = http.send("POST", "/subjects/" + RegistryHttp.encode(subject) + "/versions",
            schemaBody(text), "register a schema under subject '" + subject + "'");
        int id = requiredInt(answer, "id", "register under subject '" + subject + "'");
        idsBySubjectAndText.put(key, id);
        return id;
    }

    @Override
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = http.send("GET", "/schemas/ids/" + id, null, "fetch schema id " + id);
        String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equals(type)) {
            throw new SchemaRegistryException("Schema id " + id + " at " + url() + " is a " + type
                + " schema, not Avro", 200, SchemaRegistryException.INVALID_SCHEMA);
        }
        Schema schema = parse(answer.path("schema").asText(null), "schema id " + id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced == null ? schema : raced;
    }

    @Override
    public Optional<Integer> lookup(String subject, Schema schema) {
        String text = PlainSchemas.text(schema);
        String key = subject + '\n' + text;
        Integer cached = idsBySubjectAndText.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        try {
            JsonNode answer = http.send("POST", "/subjects/" + RegistryHttp.encode(subject), schemaBody(text),
                "look up a schema under subject '" + subject + "'");
            int id = requiredInt(answer, "id", "look up under subject '" + subject + "'");
            idsBySubjectAndText.put(key, id);
            return Optional.of(id);
        } catch (SchemaRegistryException e) {
            if (e.isNotFound() && !(e instanceof RegistryUnavailableException)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = http.send("GET", "/subjects/" + RegistryHttp.encode(subject) + "/versions/latest", null,
            "fetch the latest version of subject '" + subject + "'");
        String what = "latest version of subject '" + subject + "'";
        return new RegisteredSchema(subject, requiredInt(answer, "version", what), requiredInt(answer, "id", what),
            parse(answer.path("schema").asText(null), what));
    }

    @Override
    public String compatibility(String subject) {
        if (subject != null) {
            try {
                return level(http.send("GET", "/config/" + RegistryHttp.encode(subject), null,
                    "read the compatibility level of subject '" + subject + "'"));
            } catch (SchemaRegistryException e) {
                if (!e.isNotFound() || e instanceof RegistryUnavailableException) {
                    throw e;
                }
            }
        }
        return level(http.send("GET", "/config", null, "read the global compatibility level"));
    }

    @Override
    public void setCompatibility(String subject, String level) {
        ObjectNode body = RegistryHttp.MAPPER.createObjectNode()
            .put("compatibility", CompatibilityLevel.parse(level).name());
        if (subject == null) {
            http.send("PUT", "/config", body, "set the global compatibility level");
        } else {
            http.send("PUT", "/config/" + RegistryHttp.encode(subject), body,
                "set the compatibility level of subject '" + subject + "'");
        }
    }

    @Override
    public boolean testCompatibility(String subject, Schema schema) {
        try {
            JsonNode answer = http.send("POST",
                "/compatibility/subjects/" + RegistryHttp.encode(subject) + "/versions/latest",
                schemaBody(PlainSchemas.text(schema)), "test compatibility under subject '" + subject + "'");
            return answer.path("is_compatible").asBoolean(false);
        } catch (SchemaRegistryException e) {
            // No version yet: nothing to be incompatible with.
            if (e.isNotFound() && !(e instanceof RegistryUnavailableException)) {
                return true;
            }
            throw e;
        }
    }

    @Override
    public List<String> subjects() {
        JsonNode answer = http.send("GET", "/subjects", null, "list subjects");
        List<String> subjects = new ArrayList<>();
        answer.forEach(node -> subjects.add(node.asText()));
        return List.copyOf(subjects);
    }

    @Override
    public String url() {
        return http.urls();
    }

    @Override
    public void close() {
        schemasById.clear();
        idsBySubjectAndText.clear();
    }

    @Override
    public String toString() {
        return "RestSchemaRegistryClient[" + url() + "]";
    }

    private static ObjectNode schemaBody(String text) {
        return RegistryHttp.MAPPER.createObjectNode().put("schema", text);
    }

    private String level(JsonNode answer) {
        JsonNode level = answer.hasNonNull("compatibilityLevel") ? answer.get("compatibilityLevel")
            : answer.get("compatibility");
        if (level == null || !level.isTextual()) {
            throw new SchemaRegistryException("Schema registry " + url() + " answered a config request without a "
                + "compatibility level: " + answer, 200, 0);
        }
        return level.asText();
    }

    private int requiredInt(JsonNode answer, String field, String what) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException("Schema registry " + url() + " answered without '" + field
                + "' for " + what + ": " + answer, 200, 0);
        }
        return value.asInt();
    }

    private Schema parse(String text, String what) {
        if (text == null) {
            throw new SchemaRegistryException("Schema registry " + url() + " sent no schema text for " + what,
                200, SchemaRegistryException.INVALID_SCHEMA);
        }
        try {
            return new Schema.Parser().parse(text);
        } catch (SchemaParseException | IllegalArgumentException e) {
            throw new SchemaRegistryException("Schema registry " + url() + " sent an unparsable Avro schema for "
                + what + ": " + e.getMessage(), 200, SchemaRegistryException.INVALID_SCHEMA, e);
        }
    }
}

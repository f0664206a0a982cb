package dev.hazina.schemas.registry;

import java.util.Iterator;
import java.util.Map;

import org.apache.avro.Schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The text a schema is registered as: its JSON without Java-only hints.
 *
 * <p>Classes generated with {@code stringType=String} carry {@code "avro.java.string"} properties.
 * A registry would give that text a different id from the plain {@code .avsc} that clients in other
 * languages register, so the hints are dropped and the result re-serialized by Avro. For Hazina's
 * generated classes this is exactly {@code HazinaSchemas.plain(schema).toString()}.
 */
final class PlainSchemas {

    static final String JAVA_STRING_PROP = "avro.java.string";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlainSchemas() {
    }

    /** The registrable text of {@code schema}. */
    static String text(Schema schema) {
        String text = schema.toString();
        if (!text.contains(JAVA_STRING_PROP)) {
            return text;
        }
        try {
            JsonNode tree = MAPPER.readTree(text);
            strip(tree);
            return new Schema.Parser().parse(MAPPER.writeValueAsString(tree)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Schema text is not JSON: " + schema.getFullName(), e);
        }
    }

    /** The plain schema itself, parsed from {@link #text}. */
    static Schema schema(Schema schema) {
        String text = text(schema);
        return text.equals(schema.toString()) ? schema : new Schema.Parser().parse(text);
    }

    private static void strip(JsonNode node) {
        if (node instanceof ObjectNode object) {
            object.remove(JAVA_STRING_PROP);
            for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext();) {
                strip(it.next().getValue());
            }
        } else if (node.isArray()) {
            node.forEach(PlainSchemas::strip);
        }
    }
}

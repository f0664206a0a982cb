package dev.hazina.schemas.serde;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.schemas.registry.RegistryUnavailableException;
import dev.hazina.schemas.registry.SchemaRegistryClient;
import dev.hazina.schemas.registry.SchemaRegistryException;

/**
 * Registers schemas explicitly, for production where {@code auto.register.schemas} is off: sets each
 * subject's compatibility level, then registers its schema. Idempotent.
 */
public final class SchemaRegistrar {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistrar.class);

    private SchemaRegistrar() {
    }

    /** The subject AvroSerde uses for {@code topic}: {@code <topic>-key} or {@code <topic>-value}. */
    public static String subject(String topic, boolean isKey) {
        return WireFormat.subject(topic, isKey);
    }

    /**
     * Sets {@code compatibility} (e.g. {@code "BACKWARD"}; {@code null} leaves levels alone) on every
     * subject, then registers its schema.
     *
     * @return the global schema id of each subject, in the order given
     * @throws SchemaRegistryException when a schema is refused, e.g. incompatible (409)
     */
    public static Map<String, Integer> registerAll(SchemaRegistryClient client, Map<String, Schema> subjects,
                                                   String compatibility) {
        Map<String, Integer> ids = new LinkedHashMap<>();
        for (Map.Entry<String, Schema> entry : subjects.entrySet()) {
            String subject = entry.getKey();
            boolean levelSet = compatibility == null || trySetCompatibility(client, subject, compatibility);
            int id = client.register(subject, entry.getValue());
            if (!levelSet) {
                // Registries that keep config only for existing subjects: set it right after the first version.
                client.setCompatibility(subject, compatibility);
            }
            LOG.info("Registered {} under subject {} as schema id {} (compatibility {})",
                entry.getValue().getFullName(), subject, id, compatibility == null ? "unchanged" : compatibility);
            ids.put(subject, id);
        }
        return Collections.unmodifiableMap(ids);
    }

    private static boolean trySetCompatibility(SchemaRegistryClient client, String subject, String level) {
        try {
            client.setCompatibility(subject, level);
            return true;
        } catch (RegistryUnavailableException e) {
            throw e;
        } catch (SchemaRegistryException e) {
            if (e.isNotFound()) {
                return false;
            }
            throw e;
        }
    }
}

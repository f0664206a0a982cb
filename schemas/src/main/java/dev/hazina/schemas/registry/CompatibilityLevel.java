package dev.hazina.schemas.registry;

import java.util.List;
import java.util.Locale;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/** The registry's compatibility levels, checked with Avro's reader/writer compatibility rules. */
enum CompatibilityLevel {
    NONE, BACKWARD, BACKWARD_TRANSITIVE, FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE;

    /** Parses a level name, case-insensitively; a 422/42203 registry error when unknown. */
    static CompatibilityLevel parse(String level) {
        try {
            return valueOf(level.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new SchemaRegistryException("Invalid compatibility level '" + level + "'; expected one of "
                + List.of(values()), 422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL);
        }
    }

    /**
     * Problems of {@code candidate} against {@code versions} (oldest first), or an empty string.
     * Non-transitive levels look at the latest version only.
     */
    String problems(Schema candidate, List<Schema> versions) {
        if (this == NONE || versions.isEmpty()) {
            return "";
        }
        boolean transitive = name().endsWith("_TRANSITIVE");
        List<Schema> against = transitive ? versions : List.of(versions.get(versions.size() - 1));
        StringBuilder problems = new StringBuilder();
        for (Schema existing : against) {
            if (checksBackward()) {
                append(problems, "new schema cannot read data written with an earlier one", candidate, existing);
            }
            if (checksForward()) {
                append(problems, "an earlier schema cannot read data written with the new one", existing, candidate);
            }
        }
        return problems.toString();
    }

    private boolean checksBackward() {
        return name().startsWith("BACKWARD") || name().startsWith("FULL");
    }

    private boolean checksForward() {
        return name().startsWith("FORWARD") || name().startsWith("FULL");
    }

    private static void append(StringBuilder problems, String what, Schema reader, Schema writer) {
        SchemaCompatibility.SchemaPairCompatibility result =
            SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        for (SchemaCompatibility.Incompatibility incompatibility : result.getResult().getIncompatibilities()) {
            if (!problems.isEmpty()) {
                problems.append("; ");
            }
            problems.append(what).append(": ").append(incompatibility.getType())
                .append(" at ").append(incompatibility.getLocation())
                .append(" (").append(incompatibility.getMessage()).append(')');
        }
    }
}

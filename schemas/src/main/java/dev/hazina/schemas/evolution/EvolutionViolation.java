package dev.hazina.schemas.evolution;

import java.nio.file.Path;

/**
 * One way a current schema breaks compatibility with one of its released versions: BACKWARD, the
 * new schema could not read data written with the released one, or FORWARD, the release that
 * shipped the released one could not read data written with the new one.
 *
 * @param schema      full name of the current schema, e.g. {@code dev.hazina.schemas.TransferRequest}
 * @param released    the released file it was checked against
 * @param field       dotted path of the field at fault, e.g. {@code TransferRequest.amount}, or the
 *                    schema's own name when the problem is not in a field
 * @param type        Avro's incompatibility type, e.g. {@code READER_FIELD_MISSING_DEFAULT_VALUE},
 *                    or {@code SCHEMA_REMOVED}
 * @param location    JSON pointer into the current schema
 * @param detail      Avro's message
 * @param forward     true for a FORWARD violation
 */
public record EvolutionViolation(String schema, Path released, String field, String type, String location,
                                 String detail, boolean forward) {

    /** One line for a build log. */
    public String describe() {
        return schema + ": field '" + field + "' " + type + " at " + location + " (" + detail + ") - "
            + (forward ? "the release with " + released + " cannot read data written with the current schema"
                : "the current schema cannot read data written with released " + released);
    }
}

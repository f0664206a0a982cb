package dev.hazina.schemas.evolution;

import java.nio.file.Path;

/**
 * One way a current schema breaks BACKWARD compatibility with one of its released versions: the new
 * schema could not read data written with the released one.
 *
 * @param schema      full name of the current schema, e.g. {@code dev.hazina.schemas.TransferRequest}
 * @param released    the released file it was checked against
 * @param field       dotted path of the field at fault, e.g. {@code TransferRequest.amount}, or the
 *                    schema's own name when the problem is not in a field
 * @param type        Avro's incompatibility type, e.g. {@code READER_FIELD_MISSING_DEFAULT_VALUE},
 *                    or {@code SCHEMA_REMOVED}
 * @param location    JSON pointer into the current schema
 * @param detail      Avro's message
 */
public record EvolutionViolation(String schema, Path released, String field, String type, String location,
                                 String detail) {

    /** One line for a build log. */
    public String describe() {
        return schema + ": field '" + field + "' " + type + " at " + location + " (" + detail
            + ") - the current schema cannot read data written with released " + released;
    }
}

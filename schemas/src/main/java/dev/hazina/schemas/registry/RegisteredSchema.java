package dev.hazina.schemas.registry;

import java.util.Objects;

import org.apache.avro.Schema;

/** One version of a subject: its version number, its global schema id and the schema. */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {

    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}

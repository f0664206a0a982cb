package dev.hazina.schemas.evolution;

import org.apache.avro.Schema;

/** Turns a JSON pointer into a schema, as Avro's compatibility check reports it, into field names. */
final class FieldPaths {

    private FieldPaths() {
    }

    /**
     * The dotted field path for {@code location}, e.g. {@code /fields/3/type/fields/0} in AccountState
     * gives {@code AccountState.limits.perTransferMax}; the schema's own name when no field is involved.
     */
    static String describe(Schema root, String location) {
        StringBuilder path = new StringBuilder(root.getName());
        Schema schema = root;
        String[] segments = location.split("/");
        try {
            for (int i = 0; i < segments.length; i++) {
                String segment = segments[i];
                if ("fields".equals(segment) && i + 1 < segments.length && schema.getType() == Schema.Type.RECORD) {
                    Schema.Field field = schema.getFields().get(Integer.parseInt(segments[++i]));
                    path.append('.').append(field.name());
                    schema = field.schema();
                } else if ("items".equals(segment) && schema.getType() == Schema.Type.ARRAY) {
                    schema = schema.getElementType();
                } else if ("values".equals(segment) && schema.getType() == Schema.Type.MAP) {
                    schema = schema.getValueType();
                } else if (schema.getType() == Schema.Type.UNION && segment.matches("\\d+")) {
                    schema = schema.getTypes().get(Integer.parseInt(segment));
                }
            }
        } catch (RuntimeException e) {
            return root.getName() + " " + location;
        }
        return path.toString();
    }
}

package dev.hazina.schemas.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.hazina.schemas.HazinaSchemas;
import dev.hazina.schemas.serde.SampleRecords;

class PlainSchemasTest {

    static List<SpecificRecord> everyRecord() {
        return SampleRecords.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyRecord")
    void shouldRegisterExactlyTheShippedAvscTextForEveryGeneratedClass(SpecificRecord record) {
        // Given the generated class's schema, with its avro.java.string hints
        Schema generated = SpecificData.get().getSchema(record.getClass());

        // When
        String text = PlainSchemas.text(generated);

        // Then
        assertThat(text).isEqualTo(HazinaSchemas.plain(generated).toString());
        assertThat(text).doesNotContain("avro.java.string");
    }

    @org.junit.jupiter.api.Test
    void shouldKeepNonHazinaSchemasAsTheyAre() {
        // Given
        Schema schema = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"X\",\"namespace\":\"other\","
            + "\"fields\":[{\"name\":\"s\",\"type\":{\"type\":\"string\",\"avro.java.string\":\"String\"}},"
            + "{\"name\":\"t\",\"type\":{\"type\":\"string\",\"logicalType\":\"uuid\"}}]}");

        // When
        String text = PlainSchemas.text(schema);

        // Then
        assertThat(text).isEqualTo("{\"type\":\"record\",\"name\":\"X\",\"namespace\":\"other\",\"fields\":["
            + "{\"name\":\"s\",\"type\":\"string\"},{\"name\":\"t\",\"type\":{\"type\":\"string\",\"logicalType\":\"uuid\"}}]}");
    }
}

package dev.hazina.schemas.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class BoundedBinaryDecoderTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
        {"type":"record","name":"Everything","fields":[
          {"name":"b","type":"boolean"},{"name":"i","type":"int"},{"name":"l","type":"long"},
          {"name":"f","type":"float"},{"name":"d","type":"double"},{"name":"s","type":"string"},
          {"name":"bytes","type":"bytes"},{"name":"fixed","type":{"type":"fixed","name":"F","size":3}},
          {"name":"e","type":{"type":"enum","name":"E","symbols":["A","B"]}},
          {"name":"a","type":{"type":"array","items":"long"}},
          {"name":"m","type":{"type":"map","values":"string"}},
          {"name":"u","type":["null","string"]}]}""");

    @Test
    void shouldDecodeEveryAvroTypeLikeAvroDoes() throws IOException {
        // Given
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("b", true);
        record.put("i", Integer.MIN_VALUE);
        record.put("l", Long.MAX_VALUE);
        record.put("f", 1.5f);
        record.put("d", -2.25d);
        record.put("s", "héllo");
        record.put("bytes", ByteBuffer.wrap(new byte[] {9, 8}));
        record.put("fixed", new GenericData.Fixed(SCHEMA.getField("fixed").schema(), new byte[] {1, 2, 3}));
        record.put("e", new GenericData.EnumSymbol(SCHEMA.getField("e").schema(), "B"));
        record.put("a", List.of(1L, -1L, Long.MIN_VALUE));
        record.put("m", Map.of("k", "v"));
        record.put("u", "x");
        byte[] bytes = encode(record);
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(bytes, 0, bytes.length);

        // When
        GenericRecord read = new GenericDatumReader<GenericRecord>(SCHEMA).read(null, decoder);

        // Then
        assertThat(read.toString()).isEqualTo(record.toString());
        assertThat(decoder.isEnd()).isTrue();
    }

    @Test
    void shouldRejectHugeArrayCountBeforeAllocating() throws IOException {
        // Given an array of longs that claims two billion items in a 7-byte payload
        Schema schema = new Schema.Parser().parse("{\"type\":\"array\",\"items\":\"long\"}");
        byte[] bytes = HostileBytesTest.longs(2_000_000_000L, 1L, 0L);
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(bytes, 0, bytes.length);

        // When / Then
        assertThatThrownBy(() -> new GenericDatumReader<Object>(schema).read(null, decoder))
            .isInstanceOf(IOException.class)
            .hasMessageContaining("block of 2000000000 item(s)");
    }

    @Test
    void shouldRejectIntLongerThanFiveBytes() {
        // Given
        byte[] bytes = {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0x7f};
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(bytes, 0, bytes.length);

        // When / Then
        assertThatThrownBy(decoder::readInt).isInstanceOf(IOException.class).hasMessageContaining("invalid int");
    }

    @Test
    void shouldRejectBooleanOtherThanZeroOrOne() {
        // Given
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(new byte[] {2}, 0, 1);

        // When / Then
        assertThatThrownBy(decoder::readBoolean).isInstanceOf(IOException.class).hasMessageContaining("boolean");
    }

    @Test
    void shouldRejectReadPastTheEnd() {
        // Given
        BoundedBinaryDecoder decoder = new BoundedBinaryDecoder().reset(new byte[] {1, 2, 3}, 0, 3);

        // When / Then
        assertThatThrownBy(decoder::readDouble).isInstanceOf(IOException.class).hasMessageContaining("truncated");
    }

    private static byte[] encode(GenericRecord record) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(SCHEMA).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}

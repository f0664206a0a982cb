package dev.hazina.connectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.UUID;

import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.EntryDirection;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.serde.AvroSerde;

class HazinaAvroConverterTest {

    private static final String TOPIC = "hazina.settlements";

    private final Map<String, String> config = Map.of("schema.registry.url", "mock://" + UUID.randomUUID());

    @Test
    void shouldReadWhatHazinasSerializerWroteFieldByField() {
        // Given
        Settlement settlement = settlement();
        byte[] bytes = AvroSerde.forValues(Settlement.class, config).serializer().serialize(TOPIC, settlement);
        HazinaAvroConverter converter = converter();

        // When
        SchemaAndValue connect = converter.toConnectData(TOPIC, bytes);

        // Then
        Struct struct = (Struct) connect.value();
        assertThat(struct.getString("settlementId")).isEqualTo("req-1:merchant-7");
        assertThat(struct.getInt64("amount")).isEqualTo(125_000L);
        assertThat(struct.getString("partyType")).isEqualTo("MERCHANT");
        assertThat(connect.schema().fields()).hasSize(Settlement.getClassSchema().getFields().size());
    }

    @Test
    void shouldWriteConnectDataBackToBytesItReadsAgain() {
        // Given
        HazinaAvroConverter converter = converter();
        byte[] original = AvroSerde.forValues(Settlement.class, config).serializer().serialize(TOPIC, settlement());
        SchemaAndValue connect = converter.toConnectData(TOPIC, original);

        // When
        byte[] written = converter.fromConnectData("copy.settlements", connect.schema(), connect.value());

        // Then
        assertThat(written[0]).isZero();
        assertThat(converter.toConnectData("copy.settlements", written).value()).isEqualTo(connect.value());
    }

    @Test
    void shouldRefuseBytesThatAreNotConfluentAvroWithAReason() {
        // Given
        HazinaAvroConverter converter = converter();

        // When / Then
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, "{\"json\":1}".getBytes()))
            .isInstanceOf(DataException.class).hasMessageContaining("not Confluent wire-format Avro")
            .hasMessageContaining("0x7b");
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, new byte[] {0, 0, 0, 0x3, (byte) 0xe7, 1}))
            .isInstanceOf(DataException.class).hasMessageContaining("schema id 999");
    }

    @Test
    void shouldRefuseAPayloadThatClaimsMoreBytesThanItHas() {
        // Given: a valid header, then a string length of about a gigabyte
        HazinaAvroConverter converter = converter();
        byte[] valid = AvroSerde.forValues(Settlement.class, config).serializer().serialize(TOPIC, settlement());
        byte[] hostile = new byte[] {valid[0], valid[1], valid[2], valid[3], valid[4], (byte) 0xfe, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, 0x07};

        // When / Then
        assertThatThrownBy(() -> converter.toConnectData(TOPIC, hostile))
            .isInstanceOf(DataException.class).hasMessageContaining("not valid Avro");
    }

    private HazinaAvroConverter converter() {
        HazinaAvroConverter converter = new HazinaAvroConverter();
        converter.configure(config, false);
        return converter;
    }

    private static Settlement settlement() {
        return Settlement.newBuilder().setSettlementId("req-1:merchant-7").setPartyId("merchant-7")
            .setPartyType(AccountType.MERCHANT).setRequestId("req-1").setKind(TransferKind.MERCHANT_PAYMENT)
            .setDirection(EntryDirection.CREDIT).setAmount(125_000).setCommission(1_250).setCurrency("KES")
            .setBusinessDate("2026-12-06").setSettledAt(1_765_000_000_000L).build();
    }
}

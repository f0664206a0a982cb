package dev.hazina.harness.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.Test;

import dev.hazina.harness.chaos.HostileCase.Fate;
import dev.hazina.harness.chaos.HostileCase.Input;
import dev.hazina.harness.chaos.HostileInputs.HostileRecord;
import dev.hazina.harness.traffic.Population;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.schemas.serde.WireFormatException;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.Partitions;

class HostileInputsTest {

    private static final Set<HostileCase> UNDECODABLE = EnumSet.of(
        HostileCase.REQUEST_RANDOM_BYTES, HostileCase.REQUEST_WRONG_MAGIC_BYTE, HostileCase.REQUEST_UNKNOWN_SCHEMA_ID,
        HostileCase.REQUEST_TRUNCATED, HostileCase.REQUEST_EMPTY_VALUE, HostileCase.REQUEST_OTHER_SCHEMA,
        HostileCase.COMMAND_RANDOM_BYTES, HostileCase.COMMAND_WRONG_MAGIC_BYTE, HostileCase.COMMAND_UNKNOWN_SCHEMA_ID,
        HostileCase.COMMAND_TRUNCATED, HostileCase.COMMAND_OTHER_SCHEMA);

    private final LedgerConfig config = new LedgerConfig(Map.of(
        LedgerConfig.SCHEMA_REGISTRY_URL_CONFIG, "mock://hostile-inputs-test",
        LedgerConfig.AUTO_REGISTER_SCHEMAS_CONFIG, true,
        LedgerConfig.PARTITIONS_CONFIG, 8));
    private final Deserializer<TransferRequest> requests =
        AvroSerde.forValues(TransferRequest.class, config.serdeConfig()).deserializer();
    private final Deserializer<AccountCommand> commands =
        AvroSerde.forValues(AccountCommand.class, config.serdeConfig()).deserializer();

    private List<HostileRecord> round() {
        return new HostileInputs(config, Population.of(200), 7, "test").round();
    }

    @Test
    void shouldBuildOneRecordOfEveryCaseOnItsInputTopic() {
        // When
        List<HostileRecord> round = round();

        // Then
        assertThat(round).extracting(HostileRecord::hostileCase).containsExactlyElementsOf(HostileCase.standard());
        assertThat(round).allSatisfy(record -> assertThat(record.topic()).isEqualTo(config.topicName(
            record.hostileCase().input() == Input.REQUESTS ? TopicName.TRANSFER_REQUESTS : TopicName.ACCOUNT_COMMANDS)));
    }

    @Test
    void shouldMakeUndecodableBytesThatTheLedgersDeserializerRefuses() {
        // Given
        List<HostileRecord> undecodable = round().stream().filter(r -> UNDECODABLE.contains(r.hostileCase())).toList();

        // Then
        assertThat(undecodable).hasSize(UNDECODABLE.size());
        for (HostileRecord record : undecodable) {
            Deserializer<?> deserializer = record.hostileCase().input() == Input.REQUESTS ? requests : commands;
            assertThatThrownBy(() -> deserializer.deserialize(record.topic(), record.value()))
                .as(record.hostileCase().name())
                .isInstanceOf(WireFormatException.class);
        }
    }

    @Test
    void shouldNameTheExpectedReasonsForBrokenHeaders() {
        // Given
        Map<HostileCase, HostileRecord> byCase = new java.util.EnumMap<>(HostileCase.class);
        round().forEach(r -> byCase.put(r.hostileCase(), r));

        // Then
        assertThat(reasonOf(byCase.get(HostileCase.REQUEST_WRONG_MAGIC_BYTE))).isEqualTo(WireFormatException.Reason.BAD_MAGIC_BYTE);
        assertThat(reasonOf(byCase.get(HostileCase.REQUEST_UNKNOWN_SCHEMA_ID))).isEqualTo(WireFormatException.Reason.UNKNOWN_SCHEMA_ID);
        assertThat(reasonOf(byCase.get(HostileCase.REQUEST_TRUNCATED))).isEqualTo(WireFormatException.Reason.MALFORMED_PAYLOAD);
        assertThat(reasonOf(byCase.get(HostileCase.REQUEST_OTHER_SCHEMA))).isEqualTo(WireFormatException.Reason.UNREADABLE_WRITER_SCHEMA);
    }

    @Test
    void shouldMakeReadableRequestsKeyedByTheAccountDebitedFirst() {
        // Given
        List<HostileRecord> answered = round().stream().filter(r -> r.request() != null).toList();

        // Then
        assertThat(answered).extracting(HostileRecord::hostileCase).allMatch(c -> c.expected() != Fate.DEAD_LETTERED);
        for (HostileRecord record : answered) {
            TransferRequest request = record.request();
            String debitedFirst = request.getKind() == TransferKind.ISSUE ? request.getPayee() : request.getPayer();
            assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo(debitedFirst)
                .isEqualTo(LedgerTopics.requestKey(request));
            assertThat(record.answerId()).isEqualTo(request.getRequestId()).startsWith("test-fuzz-");
            if (record.hostileCase() != HostileCase.METADATA_2_MB) {
                assertThat(requests.deserialize(record.topic(), record.value()).getRequestId()).isEqualTo(request.getRequestId());
            }
        }
    }

    @Test
    void shouldSendAbsurdAmountsAndTheOversizedRecord() {
        // Given
        Map<HostileCase, HostileRecord> byCase = new java.util.EnumMap<>(HostileCase.class);
        round().forEach(r -> byCase.put(r.hostileCase(), r));

        // Then
        assertThat(byCase.get(HostileCase.AMOUNT_ZERO).request().getAmount()).isZero();
        assertThat(byCase.get(HostileCase.AMOUNT_NEGATIVE).request().getAmount()).isNegative();
        assertThat(byCase.get(HostileCase.AMOUNT_MIN_LONG).request().getAmount()).isEqualTo(Long.MIN_VALUE);
        assertThat(byCase.get(HostileCase.AMOUNT_MAX_LONG).request().getAmount()).isEqualTo(Long.MAX_VALUE);
        assertThat(byCase.get(HostileCase.METADATA_900_KB).value().length).isBetween(900 * 1024, 1_000_000);
        assertThat(byCase.get(HostileCase.METADATA_2_MB).value().length).isGreaterThan(2 * 1024 * 1024);
        assertThat(byCase.get(HostileCase.REQUEST_ID_ENORMOUS).value().length).isGreaterThan(100_000);
    }

    @Test
    void shouldRouteTheWrongPartitionCaseAwayFromItsKeysPartition() {
        // Given
        HostileRecord record = round().stream()
            .filter(r -> r.hostileCase() == HostileCase.REQUEST_WRONG_PARTITION).findFirst().orElseThrow();

        // Then
        assertThat(record.partition())
            .isNotNull()
            .isNotEqualTo(Partitions.partitionFor(new String(record.key(), StandardCharsets.UTF_8), 8));
    }

    @Test
    void shouldUseUniqueIdsAcrossRounds() {
        // Given
        HostileInputs inputs = new HostileInputs(config, Population.of(200), 7, "test");

        // When
        Set<String> ids = new HashSet<>();
        int answerable = 0;
        for (int round = 0; round < 3; round++) {
            for (HostileRecord record : inputs.round()) {
                if (record.answerId() != null) {
                    answerable++;
                    ids.add(record.answerId());
                }
            }
        }

        // Then
        assertThat(ids).hasSize(answerable);
    }

    private WireFormatException.Reason reasonOf(HostileRecord record) {
        try {
            requests.deserialize(record.topic(), record.value());
        } catch (WireFormatException e) {
            return e.reason();
        }
        return null;
    }
}

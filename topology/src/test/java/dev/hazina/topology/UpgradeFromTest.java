package dev.hazina.topology;

import static dev.hazina.topology.LedgerAssertions.assertRejected;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;

/**
 * A rolling upgrade from 0.1: with {@code hazina.upgrade.from=0.1} every record the ledger writes
 * (results, legs, account events, the transfers changelog) decodes with release 0.1's schemas.
 */
class UpgradeFromTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldLeaveOutTheStoresThePreviousReleaseLacksWhileUpgradingFromIt() {
        // When
        String upgrading = LedgerTopology.build(new LedgerConfig(Map.of(LedgerConfig.UPGRADE_FROM_CONFIG, "0.1")))
            .describe().toString();
        String upgraded = LedgerTopology.build(new LedgerConfig(Map.of())).describe().toString();

        // Then: a 0.1 group leader would not create the statements changelog
        assertThat(upgrading).doesNotContain(LedgerStores.STATEMENTS);
        assertThat(upgraded).contains(LedgerStores.STATEMENTS);
    }

    @Test
    void shouldWriteOnlyWhatThePreviousReleaseCanReadWhileUpgradingFromIt() {
        // Given
        LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(LedgerConfig.UPGRADE_FROM_CONFIG, "0.1"),
            AccountLimits.newBuilder().build(), 1_000_000);
        try {
            // When
            Refusals refusals = Refusals.drive(ledger);

            // Then
            assertThat(unreadableByPreviousRelease(ledger)).isEmpty();
            assertRejected(refusals.skewed(), ReasonCode.INVALID_REQUEST);
            assertThat(refusals.skewed().getDetail()).startsWith("CLOCK_SKEW: ");
            assertRejected(refusals.operatorOnly(), ReasonCode.INVALID_REQUEST);
            assertThat(refusals.operatorOnly().getDetail()).startsWith("OPERATOR_ONLY: ");
            assertRejected(refusals.forgotten(), ReasonCode.REQUEST_TOO_OLD);
        } finally {
            LedgerAssertions.checkAndClose(ledger);
        }
    }

    @Test
    void shouldWriteTheNewReasonsOnceNoPreviousReleaseRuns() {
        // Given
        LedgerDriver ledger = LedgerDriver.withFundedAlice(Map.of(), AccountLimits.newBuilder().build(), 1_000_000);
        try {
            // When
            Refusals refusals = Refusals.drive(ledger);

            // Then: exactly what the setting keeps away from a 0.1 instance
            assertRejected(refusals.skewed(), ReasonCode.CLOCK_SKEW);
            assertRejected(refusals.operatorOnly(), ReasonCode.OPERATOR_ONLY);
            assertThat(refusals.forgotten().getStatus()).isEqualTo(TransferStatus.UNKNOWN);
            assertThat(unreadableByPreviousRelease(ledger)).isNotEmpty();
        } finally {
            LedgerAssertions.checkAndClose(ledger);
        }
    }

    @Test
    void shouldKnowEverySymbolAddedSinceThePreviousRelease() {
        assertThat(added(ReasonCode.getClassSchema(), "ReasonCode"))
            .isEqualTo(names(UpgradeCompat.NEW_REASONS));
        assertThat(added(TransferStatus.getClassSchema(), "TransferStatus"))
            .isEqualTo(names(UpgradeCompat.NEW_STATUSES));
    }

    @Test
    void shouldReadAReasonOrStatusAddedByTheNextReleaseAsTheDefault() throws IOException {
        assertThat(readAsThisRelease(ReasonCode.getClassSchema(), "A_LATER_REASON")).isEqualTo("INVALID_REQUEST");
        assertThat(readAsThisRelease(TransferStatus.getClassSchema(), "A_LATER_STATUS")).isEqualTo("UNKNOWN");
    }

    /** A backdated request, an ISSUE on the channels' topic, and a retry after the dedupe horizon. */
    private record Refusals(TransferResult skewed, TransferResult operatorOnly, TransferResult forgotten) {

        static Refusals drive(LedgerDriver ledger) {
            Instant backdated = ledger.now().minus(Duration.ofMinutes(10));
            TransferResult skewed = ledger.sendAt("alice", ledger.request(TransferKind.P2P, "alice", "bob", 100)
                .setRequestedAt(backdated.toEpochMilli()).build(), backdated);
            TransferResult operatorOnly = ledger.sendFromChannel(ledger.request(TransferKind.ISSUE, "SYS.ISSUANCE", "bob", 100)
                .setChannel(Channel.ADMIN).build());
            TransferRequest paid = ledger.request(TransferKind.P2P, "alice", "bob", 1_000).build();
            ledger.send(paid);
            ledger.advance(Duration.ofDays(31));
            return new Refusals(skewed, operatorOnly, ledger.send(paid));
        }
    }

    /** Every record written so far that release 0.1's reader schemas cannot decode, with the error. */
    private static List<String> unreadableByPreviousRelease(LedgerDriver ledger) {
        List<SpecificRecord> written = new ArrayList<>(ledger.results());
        written.addAll(ledger.legs());
        written.addAll(ledger.accountEvents());
        ledger.results().stream().map(result -> ledger.transferRecord(result.getRequestId()))
            .filter(record -> record != null).forEach(written::add);
        List<String> unreadable = new ArrayList<>();
        for (SpecificRecord record : written) {
            try {
                readAsPreviousRelease(record);
            } catch (RuntimeException | IOException e) {
                unreadable.add(record.getSchema().getName() + ": " + e.getMessage());
            }
        }
        return unreadable;
    }

    /** Writes {@code symbol} with a next release's {@code current} that added it, and reads it with {@code current}. */
    private static String readAsThisRelease(Schema current, String symbol) throws IOException {
        List<String> symbols = new ArrayList<>(current.getEnumSymbols());
        symbols.add(symbol);
        Schema next = Schema.createEnum(current.getName(), current.getDoc(), current.getNamespace(), symbols);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new GenericDatumWriter<Object>(next).write(new GenericData.EnumSymbol(next, symbol), encoder);
        encoder.flush();
        return new GenericDatumReader<Object>(next, current)
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null)).toString();
    }

    private static void readAsPreviousRelease(SpecificRecord record) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        var encoder = EncoderFactory.get().binaryEncoder(bytes, null);
        new SpecificDatumWriter<SpecificRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        Schema previous = previousRelease(record.getSchema());
        new GenericDatumReader<Object>(record.getSchema(), previous)
            .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
    }

    /** {@code current} with ReasonCode and TransferStatus as release 0.1 defined them (no other schema changed since). */
    private static Schema previousRelease(Schema current) throws IOException {
        JsonNode tree = JSON.readTree(current.toString());
        replaceEnums(tree);
        return new Schema.Parser().parse(tree.toString());
    }

    private static void replaceEnums(JsonNode node) throws IOException {
        if (node instanceof ArrayNode array) {
            for (int i = 0; i < array.size(); i++) {
                JsonNode element = array.get(i);
                if (isPreviousEnum(element)) {
                    array.set(i, previousEnum(element.get("name").asText()));
                } else {
                    replaceEnums(element);
                }
            }
        } else if (node instanceof ObjectNode object) {
            for (var field : object.properties()) {
                if (isPreviousEnum(field.getValue())) {
                    field.setValue(previousEnum(field.getValue().get("name").asText()));
                } else {
                    replaceEnums(field.getValue());
                }
            }
        }
    }

    private static boolean isPreviousEnum(JsonNode node) {
        return node.isObject() && "enum".equals(node.path("type").asText())
            && Set.of("ReasonCode", "TransferStatus").contains(node.path("name").asText());
    }

    private static JsonNode previousEnum(String name) {
        try (InputStream in = UpgradeFromTest.class.getResourceAsStream("/previous-release/" + name + ".avsc")) {
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> added(Schema current, String name) {
        Set<String> previous = new Schema.Parser().parse(previousEnum(name).toString()).getEnumSymbols().stream()
            .collect(Collectors.toSet());
        return current.getEnumSymbols().stream().filter(symbol -> !previous.contains(symbol)).collect(Collectors.toSet());
    }

    private static <E extends Enum<E>> Set<String> names(Set<E> symbols) {
        return symbols.stream().map(Enum::name).collect(Collectors.toSet());
    }
}

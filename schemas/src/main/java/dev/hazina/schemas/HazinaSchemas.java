package dev.hazina.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;

/**
 * The plain Avro schemas of every Hazina record, parsed from the {@code .avsc} files shipped in
 * this jar.
 *
 * <p>Generated classes carry {@code "avro.java.string"} properties in their {@code SCHEMA$}; a
 * registry would give that text a different id from the plain schema other languages register.
 * So the serdes register {@link #plain(Schema)}, which is the same schema without Java hints.
 */
public final class HazinaSchemas {

    /** Files in dependency order: a file may only use named types from files before it. */
    static final List<String> FILES = List.of(
        "TransferKind", "TransferStatus", "ReasonCode", "Channel", "AccountType", "AccountStatus",
        "AccountAction", "EntryDirection", "EntryType", "LegType", "AccountLimits", "AccountState",
        "TransferResult", "TransferRequest", "AccountCommand", "AccountEvent", "LedgerEntry",
        "LedgerLeg", "TransferRecord", "Settlement", "DeadLetter", "TelcoEventType", "TelcoEvent",
        "AccountRisk", "RuleBand", "TypologyKind", "FraudAlert", "CaseStatus", "CaseAction", "FraudCaseCommand",
        "FraudCaseEvent", "FraudCase", "Activity", "AccountProfile", "Statement", "AuditCheckpoint",
        "ReconciliationAlert", "SettlementAction", "SettlementWindowState", "SettlementCommand", "SettlementWindow",
        "SettlementBatch", "TrustStatement", "DailyReport");

    private static final Map<String, Schema> BY_FULL_NAME = load();

    private HazinaSchemas() {
    }

    /** Every Hazina schema by full name, e.g. {@code dev.hazina.schemas.TransferRequest}. */
    public static Map<String, Schema> all() {
        return BY_FULL_NAME;
    }

    /** The plain schema (no Java-specific properties) with the same full name as {@code schema}. */
    public static Schema plain(Schema schema) {
        Schema plain = BY_FULL_NAME.get(schema.getFullName());
        if (plain == null) {
            throw new IllegalArgumentException("Not a Hazina schema: " + schema.getFullName());
        }
        return plain;
    }

    /** The raw text of one shipped {@code .avsc} file, e.g. {@code rawText("TransferRequest")}. */
    public static String rawText(String fileName) {
        String resource = "/avro/" + fileName + ".avsc";
        try (InputStream in = HazinaSchemas.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema resource " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Schema> load() {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> schemas = new LinkedHashMap<>();
        for (String file : FILES) {
            Schema schema = parser.parse(rawText(file));
            schemas.put(schema.getFullName(), schema);
        }
        return Collections.unmodifiableMap(schemas);
    }
}

package dev.hazina.reconciliation.report;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import dev.hazina.reconciliation.settlement.Rejections;
import dev.hazina.reconciliation.settlement.WindowIds;
import dev.hazina.schemas.TrustStatement;

/**
 * Checks each trust statement from treasury (outside input, read as raw bytes) and forwards a valid
 * one as a {@link ReportPart} keyed by its currency. A statement that is undecodable or empty, keyed
 * by another bank account than its own, has a bad currency or business day, a negative or
 * overflowing amount, or names another currency than the bank account's earlier statements is
 * dead-lettered with the reason ({@link Rejections}); nothing is counted.
 * Input: {@code hazina.trust-statements}, keyed by bank account. Outputs: the child
 * {@link DailyReports#TRUST_PARTS} (valid statements) and {@link DailyReports#TRUST_DEAD_LETTERS_SINK}.
 * Store: {@link ReportStores#TRUST_ACCOUNTS}.
 */
final class TrustStatementProcessor implements Processor<byte[], byte[], Object, Object> {

    static final String STAGE = "trust-statement";
    private static final LocalDate EARLIEST = LocalDate.of(2000, 1, 1);
    private static final LocalDate LATEST = LocalDate.of(2100, 1, 1);

    private final Deserializer<TrustStatement> deserializer;
    private final String topic;
    private ProcessorContext<Object, Object> context;
    private Rejections rejections;
    private KeyValueStore<String, String> accounts;

    TrustStatementProcessor(Deserializer<TrustStatement> deserializer, String topic) {
        this.deserializer = deserializer;
        this.topic = topic;
    }

    @Override
    public void init(ProcessorContext<Object, Object> context) {
        this.context = context;
        this.rejections = new Rejections(context, STAGE, DailyReports.TRUST_DEAD_LETTERS_SINK);
        this.accounts = context.getStateStore(ReportStores.TRUST_ACCOUNTS);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        TrustStatement statement;
        try {
            statement = record.value() == null ? null : deserializer.deserialize(topic, record.value());
        } catch (RuntimeException e) {
            rejections.reject(record, "UNDECODABLE", "not a TrustStatement: " + e.getMessage());
            return;
        }
        if (statement == null) {
            rejections.reject(record, "EMPTY_STATEMENT", "a trust statement has no value");
            return;
        }
        Problem problem = problem(record, statement);
        if (problem != null) {
            rejections.reject(record, problem.reason(), problem.detail());
            return;
        }
        accounts.putIfAbsent(statement.getBankAccount(), statement.getCurrency());
        context.forward(new Record<Object, Object>(statement.getCurrency(), ReportPart.of(statement), record.timestamp()),
            DailyReports.TRUST_PARTS);
    }

    /** A reason code and what is wrong. */
    private record Problem(String reason, String detail) {
    }

    /** The first thing wrong with {@code statement}, or null. */
    private Problem problem(Record<byte[], byte[]> record, TrustStatement statement) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String account = statement.getBankAccount();
        String currency = statement.getCurrency();
        if (account.isBlank() || !account.equals(key)) {
            return new Problem("KEY_MISMATCH", "a trust statement must be keyed by its bank account '" + account + "'");
        }
        if (!WindowIds.isCurrency(currency)) {
            return new Problem("BAD_CURRENCY", "currency '" + currency + "' is not an ISO 4217 code");
        }
        String known = accounts.get(account);
        if (known != null && !known.equals(currency)) {
            return new Problem("CURRENCY_MISMATCH", "bank account " + account + " holds " + known + ", not " + currency);
        }
        if (!isBusinessDay(statement.getBusinessDay())) {
            return new Problem("BAD_BUSINESS_DAY", "'" + statement.getBusinessDay() + "' is not a yyyy-MM-dd day between " + EARLIEST + " and " + LATEST);
        }
        if (statement.getClosingBalance() < 0 || statement.getDepositsInTransit() < 0 || statement.getOutstandingWithdrawals() < 0) {
            return new Problem("NEGATIVE_AMOUNT", "closing balance " + statement.getClosingBalance() + ", deposits in transit "
                + statement.getDepositsInTransit() + " and outstanding withdrawals " + statement.getOutstandingWithdrawals()
                + " must not be negative");
        }
        try {
            Math.addExact(statement.getClosingBalance(), statement.getDepositsInTransit());
        } catch (ArithmeticException e) {
            return new Problem("AMOUNT_OVERFLOW", "the adjusted balance of " + account + " overflows a long");
        }
        return null;
    }

    private static boolean isBusinessDay(String text) {
        try {
            LocalDate day = LocalDate.parse(text);
            return day.toString().equals(text) && !day.isBefore(EARLIEST) && day.isBefore(LATEST);
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}

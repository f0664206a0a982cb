package dev.hazina.bench.postgres;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Currency;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.postgresql.PGConnection;

import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;

/**
 * The ledger a team would build on PostgreSQL instead of Hazina: the same rules, one database
 * transaction per transfer.
 *
 * <p>Tables: {@code accounts} (balance, limits, status, daily-debit counter, posting sequence),
 * {@code entries} (double-entry postings with balance_after, unique per account and sequence) and
 * {@code requests} (unique requestId, content hash, outcome). A transfer:
 * <ol>
 *   <li>looks its requestId up: seen before, it gets the stored outcome (or REQUEST_MODIFIED);</li>
 *   <li>validates the request without touching the database;</li>
 *   <li>locks the payer, the payee and one fee account with {@code SELECT ... ORDER BY id FOR UPDATE},
 *       in id order so two transfers never deadlock;</li>
 *   <li>checks status, type, currency, per-transfer and daily limits, funds and the payee's maximum
 *       balance;</li>
 *   <li>updates the balances, inserts the entries and the request with its outcome, and commits.</li>
 * </ol>
 * A retry racing its original hits the unique requestId, rolls back and answers with the stored
 * outcome. The fee account is sharded (16 rows, by requestId) as Hazina shards it: one fee row
 * would serialize every transfer on one lock. A transfer's fee, commission and credit settle in
 * the one transaction, so there is no transit account and no refund leg: a payee that cannot take
 * the money is a rejection.
 *
 * <p>One instance per client thread: it holds one connection and its prepared statements.
 */
public final class PostgresLedger implements AutoCloseable {

    /** The outcome of one transfer. */
    public record Outcome(String status, String reason, boolean duplicate) {
    }

    public static final int FEE_SHARDS = 16;
    private static final Set<String> CURRENCIES = Currency.getAvailableCurrencies().stream()
        .map(Currency::getCurrencyCode).collect(java.util.stream.Collectors.toUnmodifiableSet());
    private static final Map<TransferKind, Set<AccountType>> PAYERS = Map.of(
        TransferKind.P2P, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.CASH_IN, EnumSet.of(AccountType.AGENT),
        TransferKind.CASH_OUT, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.MERCHANT_PAYMENT, EnumSet.of(AccountType.CUSTOMER, AccountType.BUSINESS),
        TransferKind.B2C, EnumSet.of(AccountType.BUSINESS));
    private static final Map<TransferKind, Set<AccountType>> PAYEES = Map.of(
        TransferKind.P2P, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.CASH_IN, EnumSet.of(AccountType.CUSTOMER),
        TransferKind.CASH_OUT, EnumSet.of(AccountType.AGENT),
        TransferKind.MERCHANT_PAYMENT, EnumSet.of(AccountType.MERCHANT),
        TransferKind.B2C, EnumSet.of(AccountType.CUSTOMER));

    static final String SCHEMA = """
        CREATE TABLE accounts (
            id                text PRIMARY KEY,
            type              text NOT NULL,
            status            text NOT NULL DEFAULT 'ACTIVE',
            currency          text NOT NULL,
            balance           bigint NOT NULL DEFAULT 0,
            held              bigint NOT NULL DEFAULT 0,
            per_transfer_max  bigint,
            daily_debit_max   bigint,
            max_balance       bigint,
            overdraft_limit   bigint NOT NULL DEFAULT 0,
            daily_debit_day   integer NOT NULL DEFAULT 0,
            daily_debit_total bigint NOT NULL DEFAULT 0,
            sequence          bigint NOT NULL DEFAULT 0
        );
        CREATE TABLE requests (
            request_id   text PRIMARY KEY,
            content_hash bytea NOT NULL,
            kind         text NOT NULL,
            payer        text NOT NULL,
            payee        text NOT NULL,
            amount       bigint NOT NULL,
            fee          bigint NOT NULL DEFAULT 0,
            status       text NOT NULL,
            reason       text,
            received_at  timestamptz NOT NULL DEFAULT now()
        );
        CREATE TABLE entries (
            id            bigserial PRIMARY KEY,
            request_id    text NOT NULL,
            account_id    text NOT NULL,
            direction     char(1) NOT NULL,
            entry_type    text NOT NULL,
            amount        bigint NOT NULL CHECK (amount > 0),
            balance_after bigint NOT NULL,
            sequence      bigint NOT NULL,
            posted_at     timestamptz NOT NULL DEFAULT now(),
            UNIQUE (account_id, sequence)
        );
        """;

    private final Connection connection;
    private final LedgerConfig config;
    private final ZoneId zone;
    private final MessageDigest digest;
    private final PreparedStatement findRequest;
    private final PreparedStatement lockAccounts;
    private final PreparedStatement updateAccount;
    private final PreparedStatement insertEntry;
    private final PreparedStatement insertRequest;

    /** A ledger on {@code connection} (autocommit is switched off), with Hazina's tariff and limits config. */
    public PostgresLedger(Connection connection, LedgerConfig config) throws SQLException {
        this.connection = connection;
        this.config = config;
        this.zone = config.zoneId();
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        connection.setAutoCommit(false);
        findRequest = connection.prepareStatement("SELECT content_hash, status, reason FROM requests WHERE request_id = ?");
        lockAccounts = connection.prepareStatement("SELECT id, type, status, currency, balance, held, per_transfer_max,"
            + " daily_debit_max, max_balance, overdraft_limit, daily_debit_day, daily_debit_total, sequence"
            + " FROM accounts WHERE id = ANY (?) ORDER BY id FOR UPDATE");
        updateAccount = connection.prepareStatement("UPDATE accounts SET balance = ?, sequence = ?, daily_debit_day = ?,"
            + " daily_debit_total = ? WHERE id = ?");
        insertEntry = connection.prepareStatement("INSERT INTO entries (request_id, account_id, direction, entry_type,"
            + " amount, balance_after, sequence) VALUES (?, ?, ?, ?, ?, ?, ?)");
        insertRequest = connection.prepareStatement("INSERT INTO requests (request_id, content_hash, kind, payer, payee,"
            + " amount, fee, status, reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Creates the tables. */
    public static void createSchema(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(SCHEMA);
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    /**
     * Loads the population as the Hazina benchmark sets it up: every account opened with its limits,
     * e-money issued to agents and businesses and customers cashed in, applied here as balances (with
     * the issuance account holding the negative sum), loaded with COPY.
     */
    public static void load(Connection connection, List<AccountCommand> opens, List<TransferRequest> funding,
                            LedgerConfig config) throws SQLException, IOException {
        Map<String, Long> balances = new HashMap<>();
        for (TransferRequest request : funding) {
            long fee = config.tariff(request.getKind()).feeFor(request.getAmount());
            String payer = request.getKind() == TransferKind.ISSUE ? "SYS.ISSUANCE.KES" : request.getPayer();
            balances.merge(payer, -(request.getAmount() + fee), Long::sum);
            balances.merge(request.getPayee(), request.getAmount(), Long::sum);
            balances.merge(feeAccount(request.getRequestId()), fee, Long::sum);
        }
        StringBuilder rows = new StringBuilder();
        for (AccountCommand open : opens) {
            var limits = open.getLimits();
            rows.append(open.getAccountId()).append('\t').append(open.getType()).append("\tACTIVE\t")
                .append(open.getCurrency()).append('\t').append(balances.getOrDefault(open.getAccountId(), 0L)).append('\t')
                .append(nullable(limits.getPerTransferMax())).append('\t').append(nullable(limits.getDailyDebitMax()))
                .append('\t').append(nullable(limits.getMaxBalance())).append('\t').append(limits.getOverdraftLimit())
                .append('\n');
        }
        rows.append("SYS.ISSUANCE.KES\tSYSTEM\tACTIVE\tKES\t").append(balances.getOrDefault("SYS.ISSUANCE.KES", 0L))
            .append("\t\\N\t\\N\t\\N\t0\n");
        for (int shard = 0; shard < FEE_SHARDS; shard++) {
            String fees = "SYS.FEES.KES." + shard;
            rows.append(fees).append("\tSYSTEM\tACTIVE\tKES\t").append(balances.getOrDefault(fees, 0L))
                .append("\t\\N\t\\N\t\\N\t0\n");
        }
        connection.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY accounts (id, type, status, currency, balance,"
            + " per_transfer_max, daily_debit_max, max_balance, overdraft_limit) FROM STDIN", new StringReader(rows.toString()));
        try (Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE accounts");
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }

    private static String nullable(Long value) {
        return value == null ? "\\N" : value.toString();
    }

    /** The fee shard a transfer posts its fee to. */
    static String feeAccount(String requestId) {
        return "SYS.FEES.KES." + Math.floorMod(requestId.hashCode(), FEE_SHARDS);
    }

    /** Decides and posts one transfer, in one database transaction. */
    public Outcome transfer(TransferRequest request) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try {
                Outcome outcome = attempt(request);
                connection.commit();
                return outcome;
            } catch (SQLException e) {
                connection.rollback();
                String state = e.getSQLState();
                if ("23505".equals(state)) {
                    // A retry committed first with this requestId: answer as a retry.
                    Outcome outcome = known(request.getRequestId(), hash(request));
                    connection.commit();
                    if (outcome != null) {
                        return outcome;
                    }
                }
                if (!("40P01".equals(state) || "40001".equals(state)) || attempt >= 5) {
                    throw e;
                }
            }
        }
    }

    private Outcome attempt(TransferRequest request) throws SQLException {
        byte[] hash = hash(request);
        Outcome known = known(request.getRequestId(), hash);
        if (known != null) {
            return known;
        }
        String invalid = validate(request);
        if (invalid != null) {
            return record(request, hash, 0, "REJECTED", invalid);
        }
        long amount = request.getAmount();
        long fee = config.tariff(request.getKind()).feeFor(amount);
        long commission = request.getKind() == TransferKind.CASH_OUT ? fee * config.commissionBps() / 10_000 : 0;
        String feeId = feeAccount(request.getRequestId());
        Map<String, Account> locked = fee > 0 ? lock(request.getPayer(), request.getPayee(), feeId)
            : lock(request.getPayer(), request.getPayee());
        Account payer = locked.get(request.getPayer());
        Account payee = locked.get(request.getPayee());
        Account fees = locked.get(feeId);
        int day = (int) Instant.ofEpochMilli(request.getRequestedAt()).atZone(zone).toLocalDate().toEpochDay();
        String refusal = refusal(request, payer, payee, fee, commission, day);
        if (refusal != null) {
            return record(request, hash, 0, "REJECTED", refusal);
        }
        List<Object[]> entries = new ArrayList<>();
        post(entries, payer, 'D', amount, "PRINCIPAL");
        post(entries, payer, 'D', fee, "FEE");
        post(entries, fees, 'C', fee, "FEE");
        post(entries, fees, 'D', commission, "COMMISSION");
        post(entries, payee, 'C', commission, "COMMISSION");
        post(entries, payee, 'C', amount, "PRINCIPAL");
        payer.dailyDebitTotal = (payer.dailyDebitDay == day ? payer.dailyDebitTotal : 0) + amount;
        payer.dailyDebitDay = day;
        for (Account account : locked.values()) {
            if (!account.dirty) {
                continue;
            }
            updateAccount.setLong(1, account.balance);
            updateAccount.setLong(2, account.sequence);
            updateAccount.setInt(3, account.dailyDebitDay);
            updateAccount.setLong(4, account.dailyDebitTotal);
            updateAccount.setString(5, account.id);
            updateAccount.addBatch();
        }
        updateAccount.executeBatch();
        for (Object[] entry : entries) {
            insertEntry.setString(1, request.getRequestId());
            insertEntry.setString(2, (String) entry[0]);
            insertEntry.setString(3, entry[1].toString());
            insertEntry.setString(4, (String) entry[2]);
            insertEntry.setLong(5, (Long) entry[3]);
            insertEntry.setLong(6, (Long) entry[4]);
            insertEntry.setLong(7, (Long) entry[5]);
            insertEntry.addBatch();
        }
        insertEntry.executeBatch();
        return record(request, hash, fee, "COMPLETED", null);
    }

    /** The stored outcome of a requestId seen before, as a duplicate answer; null when it is new. */
    private Outcome known(String requestId, byte[] hash) throws SQLException {
        findRequest.setString(1, requestId);
        try (ResultSet row = findRequest.executeQuery()) {
            if (!row.next()) {
                return null;
            }
            if (!Arrays.equals(row.getBytes(1), hash)) {
                return new Outcome("REJECTED", "REQUEST_MODIFIED", true);
            }
            return new Outcome(row.getString(2), row.getString(3), true);
        }
    }

    private Outcome record(TransferRequest request, byte[] hash, long fee, String status, String reason)
            throws SQLException {
        insertRequest.setString(1, request.getRequestId());
        insertRequest.setBytes(2, hash);
        insertRequest.setString(3, request.getKind().name());
        insertRequest.setString(4, request.getPayer());
        insertRequest.setString(5, request.getPayee());
        insertRequest.setLong(6, request.getAmount());
        insertRequest.setLong(7, fee);
        insertRequest.setString(8, status);
        insertRequest.setString(9, reason);
        insertRequest.executeUpdate();
        return new Outcome(status, reason, false);
    }

    /** Hazina's validation: what can be refused before any account is read. */
    private String validate(TransferRequest request) {
        if (!PAYERS.containsKey(request.getKind())) {
            return "UNSUPPORTED_KIND";
        }
        if (request.getAmount() <= 0) {
            return "INVALID_AMOUNT";
        }
        int max = config.idMaxLength();
        if (request.getPayer().isBlank() || request.getPayer().length() > max || request.getPayee().isBlank()
            || request.getPayee().length() > max || request.getRequestId().length() > max) {
            return "INVALID_REQUEST";
        }
        if (request.getPayer().equals(request.getPayee())) {
            return "SAME_ACCOUNT";
        }
        if (!CURRENCIES.contains(request.getCurrency())) {
            return "INVALID_REQUEST";
        }
        long metadata = 0;
        for (Map.Entry<String, String> entry : request.getMetadata().entrySet()) {
            metadata += entry.getKey().getBytes(StandardCharsets.UTF_8).length
                + entry.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (metadata > config.metadataMaxBytes()) {
            return "INVALID_REQUEST";
        }
        if (request.getPayer().startsWith("SYS.") || request.getPayee().startsWith("SYS.")) {
            return "INVALID_ACCOUNT_TYPE";
        }
        return null;
    }

    /** Hazina's account checks, on the locked rows. */
    private static String refusal(TransferRequest request, Account payer, Account payee, long fee, long commission,
                                  int day) {
        long amount = request.getAmount();
        if (payer == null) {
            return "ACCOUNT_NOT_FOUND";
        }
        if (payer.status.equals("CLOSED")) {
            return "ACCOUNT_CLOSED";
        }
        if (payer.status.equals("FROZEN")) {
            return "ACCOUNT_FROZEN";
        }
        if (!PAYERS.get(request.getKind()).contains(AccountType.valueOf(payer.type))) {
            return "INVALID_ACCOUNT_TYPE";
        }
        if (!payer.currency.equals(request.getCurrency())) {
            return "CURRENCY_MISMATCH";
        }
        if (payer.perTransferMax != null && amount > payer.perTransferMax) {
            return "LIMIT_PER_TRANSFER";
        }
        long debitedToday = payer.dailyDebitDay == day ? payer.dailyDebitTotal : 0;
        if (payer.dailyDebitMax != null && debitedToday > payer.dailyDebitMax - amount) {
            return "LIMIT_DAILY";
        }
        if (amount > Long.MAX_VALUE - fee) {
            return "INVALID_AMOUNT";
        }
        long available = payer.balance - payer.held + payer.overdraftLimit;
        if (amount + fee > available) {
            return "INSUFFICIENT_FUNDS";
        }
        if (payee == null) {
            return "ACCOUNT_NOT_FOUND";
        }
        if (payee.status.equals("CLOSED")) {
            return "ACCOUNT_CLOSED";
        }
        if (!PAYEES.get(request.getKind()).contains(AccountType.valueOf(payee.type))) {
            return "INVALID_ACCOUNT_TYPE";
        }
        if (!payee.currency.equals(request.getCurrency())) {
            return "CURRENCY_MISMATCH";
        }
        if (payee.maxBalance != null && payee.balance > payee.maxBalance - amount - commission) {
            return "LIMIT_MAX_BALANCE";
        }
        return null;
    }

    private static void post(List<Object[]> entries, Account account, char direction, long amount, String type) {
        if (amount == 0) {
            return;
        }
        account.balance = direction == 'D' ? Math.subtractExact(account.balance, amount)
            : Math.addExact(account.balance, amount);
        account.sequence++;
        account.dirty = true;
        entries.add(new Object[] {account.id, direction, type, amount, account.balance, account.sequence});
    }

    private Map<String, Account> lock(String... ids) throws SQLException {
        Array array = connection.createArrayOf("text", ids);
        lockAccounts.setArray(1, array);
        Map<String, Account> accounts = new TreeMap<>();
        try (ResultSet rows = lockAccounts.executeQuery()) {
            while (rows.next()) {
                Account account = new Account(rows);
                accounts.put(account.id, account);
            }
        }
        return accounts;
    }

    /** SHA-256 of the request's Avro encoding with its send time zeroed: a retry carries a new send time. */
    private byte[] hash(TransferRequest request) throws SQLException {
        try {
            ByteBuffer encoded = TransferRequest.newBuilder(request).setRequestedAt(0).build().toByteBuffer();
            digest.reset();
            digest.update(encoded);
            return digest.digest();
        } catch (IOException e) {
            throw new SQLException("cannot encode request " + request.getRequestId(), e);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }

    /** A locked account row, changed in memory and written back. */
    private static final class Account {
        final String id;
        final String type;
        final String status;
        final String currency;
        long balance;
        final long held;
        final Long perTransferMax;
        final Long dailyDebitMax;
        final Long maxBalance;
        final long overdraftLimit;
        int dailyDebitDay;
        long dailyDebitTotal;
        long sequence;
        boolean dirty;

        Account(ResultSet row) throws SQLException {
            id = row.getString(1);
            type = row.getString(2);
            status = row.getString(3);
            currency = row.getString(4);
            balance = row.getLong(5);
            held = row.getLong(6);
            perTransferMax = (Long) row.getObject(7);
            dailyDebitMax = (Long) row.getObject(8);
            maxBalance = (Long) row.getObject(9);
            overdraftLimit = row.getLong(10);
            dailyDebitDay = row.getInt(11);
            dailyDebitTotal = row.getLong(12);
            sequence = row.getLong(13);
        }
    }
}

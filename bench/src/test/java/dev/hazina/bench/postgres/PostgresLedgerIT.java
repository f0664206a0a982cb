package dev.hazina.bench.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hazina.harness.postgres.PostgresServer;
import dev.hazina.harness.traffic.AccountSetup;
import dev.hazina.harness.traffic.Population;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;

/**
 * The benchmark's PostgreSQL ledger against a real PostgreSQL (from apt; .ci/run installs it):
 * the outcomes, the postings and the invariants the comparison relies on.
 */
class PostgresLedgerIT {

    private static final LedgerConfig CONFIG = new LedgerConfig(Map.of());
    private static final Population POPULATION = Population.of(40);
    private static PostgresServer server;

    @BeforeAll
    static void startPostgres() throws Exception {
        server = PostgresServer.start(Map.of());
        long now = System.currentTimeMillis();
        List<TransferRequest> funding = new ArrayList<>(AccountSetup.issueFloat(POPULATION, now));
        funding.addAll(AccountSetup.cashIn(POPULATION, now));
        try (Connection connection = server.connect(Map.of())) {
            PostgresLedger.createSchema(connection);
            PostgresLedger.load(connection, AccountSetup.openAll(POPULATION, now), funding, CONFIG);
        }
    }

    @AfterAll
    static void stopPostgres() {
        if (server != null) {
            server.close();
        }
    }

    private static PostgresLedger ledger() throws SQLException {
        return new PostgresLedger(server.connect(Map.of("reWriteBatchedInserts", "true")), CONFIG);
    }

    private static TransferRequest request(String id, TransferKind kind, String payer, String payee, long amount) {
        return TransferRequest.newBuilder().setRequestId(id).setChannel(Channel.USSD).setKind(kind).setPayer(payer)
            .setPayee(payee).setAmount(amount).setCurrency("KES").setRequestedAt(System.currentTimeMillis()).build();
    }

    @Test
    void shouldPostAP2pWithItsFeeAndAnswerARetryWithoutPostingAgain() throws Exception {
        try (PostgresLedger ledger = ledger(); Connection sql = server.connect(Map.of())) {
            // Given
            String payer = POPULATION.customers().get(0);
            String payee = POPULATION.customers().get(1);
            long payerBefore = balance(sql, payer);
            long payeeBefore = balance(sql, payee);

            // When
            PostgresLedger.Outcome first = ledger.transfer(request("it-p2p-1", TransferKind.P2P, payer, payee, 100_000));
            PostgresLedger.Outcome retry = ledger.transfer(request("it-p2p-1", TransferKind.P2P, payer, payee, 100_000));
            PostgresLedger.Outcome modified = ledger.transfer(request("it-p2p-1", TransferKind.P2P, payer, payee, 90_000));

            // Then: the 1,000 KES band's fee is 13 KES; the retry and the modified request post nothing
            assertThat(first).isEqualTo(new PostgresLedger.Outcome("COMPLETED", null, false));
            assertThat(retry).isEqualTo(new PostgresLedger.Outcome("COMPLETED", null, true));
            assertThat(modified).isEqualTo(new PostgresLedger.Outcome("REJECTED", "REQUEST_MODIFIED", true));
            assertThat(balance(sql, payer)).isEqualTo(payerBefore - 101_300);
            assertThat(balance(sql, payee)).isEqualTo(payeeBefore + 100_000);
            assertThat(count(sql, "SELECT count(*) FROM entries WHERE request_id = 'it-p2p-1'")).isEqualTo(4);
        }
    }

    @Test
    void shouldRejectWithHazinasReasonCodes() throws Exception {
        try (PostgresLedger ledger = ledger()) {
            String customer = POPULATION.customers().get(2);
            String other = POPULATION.customers().get(3);
            String agent = POPULATION.agents().get(0);

            assertThat(ledger.transfer(request("it-funds", TransferKind.P2P, customer, other, 3_000_000)).reason())
                .isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(ledger.transfer(request("it-ghost", TransferKind.P2P, "ghost-1", other, 1_000)).reason())
                .isEqualTo("ACCOUNT_NOT_FOUND");
            assertThat(ledger.transfer(request("it-limit", TransferKind.P2P, customer, other, 30_000_000)).reason())
                .isEqualTo("LIMIT_PER_TRANSFER");
            assertThat(ledger.transfer(request("it-negative", TransferKind.P2P, customer, other, -5)).reason())
                .isEqualTo("INVALID_AMOUNT");
            assertThat(ledger.transfer(request("it-type", TransferKind.CASH_IN, customer, other, 1_000)).reason())
                .isEqualTo("INVALID_ACCOUNT_TYPE");
            assertThat(ledger.transfer(request("it-cashout", TransferKind.CASH_OUT, customer, agent, 50_000)).status())
                .isEqualTo("COMPLETED");
        }
    }

    @Test
    void shouldKeepBalancesConservedAndSequencesGapFreeUnderConcurrentClients() throws Exception {
        // Given: 8 clients posting between five customers, so they contend for the same rows
        List<String> hot = POPULATION.customers().subList(10, 15);
        ExecutorService clients = Executors.newFixedThreadPool(8);
        List<Future<Integer>> results = new ArrayList<>();

        // When
        for (int c = 0; c < 8; c++) {
            int client = c;
            results.add(clients.submit(() -> {
                Random random = new Random(client);
                int completed = 0;
                try (PostgresLedger ledger = ledger()) {
                    for (int i = 0; i < 150; i++) {
                        String payer = hot.get(random.nextInt(hot.size()));
                        String payee = hot.get((hot.indexOf(payer) + 1 + random.nextInt(hot.size() - 1)) % hot.size());
                        PostgresLedger.Outcome outcome = ledger.transfer(request("it-hot-" + client + "-" + i,
                            TransferKind.P2P, payer, payee, 1_000 + random.nextInt(200_000)));
                        completed += outcome.status().equals("COMPLETED") ? 1 : 0;
                    }
                }
                return completed;
            }));
        }
        int completed = 0;
        for (Future<Integer> result : results) {
            completed += result.get(2, TimeUnit.MINUTES);
        }
        clients.shutdown();

        // Then
        try (Connection sql = server.connect(Map.of())) {
            assertThat(completed).isPositive();
            assertThat(count(sql, "SELECT sum(balance) FROM accounts")).isZero();
            assertThat(count(sql, "SELECT count(*) FROM (SELECT request_id FROM entries GROUP BY request_id"
                + " HAVING sum(CASE direction WHEN 'D' THEN amount ELSE -amount END) <> 0) unbalanced")).isZero();
            // Each account's sequence runs 1..n without gaps, and each balance_after follows from the one before.
            assertThat(count(sql, "SELECT count(*) FROM (SELECT account_id, count(*) n, max(sequence) m FROM entries"
                + " GROUP BY account_id) s WHERE n <> m")).isZero();
            assertThat(count(sql, "SELECT count(*) FROM (SELECT balance_after, direction, amount, lag(balance_after)"
                + " OVER (PARTITION BY account_id ORDER BY sequence) prev FROM entries) e WHERE prev IS NOT NULL AND"
                + " balance_after <> prev + CASE direction WHEN 'C' THEN amount ELSE -amount END")).isZero();
        }
    }

    private static long balance(Connection sql, String account) throws SQLException {
        return count(sql, "SELECT balance FROM accounts WHERE id = '" + account + "'");
    }

    private static long count(Connection sql, String query) throws SQLException {
        try (Statement statement = sql.createStatement(); ResultSet row = statement.executeQuery(query)) {
            row.next();
            return row.getLong(1);
        }
    }
}

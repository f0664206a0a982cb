package dev.hazina.harness.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

import dev.hazina.reconciliation.stream.ReconciliationConfig;
import dev.hazina.reconciliation.stream.ReconciliationTopics;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TrustStatement;
import dev.hazina.topology.LedgerConfig;

/**
 * Today's daily report at the end of the demo: treasury's statement for the demo's KES trust
 * account (its balance is the e-money the demo issued, as if every ISSUE was a deposit), then
 * {@code hazina report daily --date today --currency KES} once the PROVISIONAL report includes it.
 */
final class DemoDailyReport {

    static final String BANK_ACCOUNT = "DEMO-TRUST-KES";

    private DemoDailyReport() {
    }

    /** The printed report, or the last output with a note when the statement is not in it in time. */
    static String today(LedgerConfig config, Path dir, List<TransferRequest> setup, Duration timeout)
        throws IOException, InterruptedException {
        ReconciliationConfig reconciliation = ReconciliationConfig.of(config.originals(), config.kafkaSecurityConfig());
        String day = LocalDate.now(reconciliation.zone()).toString();
        long deposited = setup.stream().filter(r -> r.getKind() == TransferKind.ISSUE && r.getCurrency().equals("KES"))
            .mapToLong(TransferRequest::getAmount).sum();
        TrustStatement statement = TrustStatement.newBuilder().setStatementId("demo-" + day).setBankAccount(BANK_ACCOUNT)
            .setCurrency("KES").setBusinessDay(day).setClosingBalance(deposited).setIssuedAt(System.currentTimeMillis()).build();
        send(reconciliation, statement);
        Path file = DemoSettlement.settingsFile(config, dir);
        long deadline = System.nanoTime() + timeout.toNanos();
        String report;
        do {
            Thread.sleep(1_000);
            report = DemoSettlement.hazina("report", "daily", "--date", day, "--currency", "KES", "--config", file.toString());
        } while (!report.contains(BANK_ACCOUNT) && System.nanoTime() < deadline);
        return "$ hazina report daily --date " + day + " --currency KES\n" + report
            + (report.contains(BANK_ACCOUNT) ? "" : "(the trust statement is not in the report after " + timeout.toSeconds() + " s)\n");
    }

    private static void send(ReconciliationConfig reconciliation, TrustStatement statement) {
        ReconciliationTopics.Topic<String, TrustStatement> topic = ReconciliationTopics.from(reconciliation).trustStatements();
        Map<String, Object> settings = new HashMap<>(reconciliation.kafkaClientConfig());
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, TrustStatement> producer = new KafkaProducer<>(settings, topic.keySerde().serializer(),
                topic.valueSerde().serializer())) {
            producer.send(new ProducerRecord<>(topic.name(), statement.getBankAccount(), statement));
            producer.flush();
        }
    }
}

package dev.hazina.harness.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Deserializer;

import dev.hazina.fraud.FraudConfig;
import dev.hazina.fraud.FraudTopics;
import dev.hazina.harness.TopicTailer;
import dev.hazina.harness.traffic.FraudScenarios;
import dev.hazina.harness.traffic.LoadDriver;
import dev.hazina.harness.traffic.Population;
import dev.hazina.harness.traffic.ScenarioMix;
import dev.hazina.harness.traffic.TrafficGenerator;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.FraudAlert;
import dev.hazina.schemas.ReasonCode;
import dev.hazina.schemas.TelcoEvent;
import dev.hazina.schemas.TransferResult;

/**
 * The demo's labelled fraud scenarios ({@link FraudScenarios}): plans them beside the population,
 * interleaves them with the clean traffic ({@link ScenarioMix}), sends their telco signals to
 * {@code hazina.telco-events}, and watches {@code hazina.transfer-results}, {@code hazina.fraud-alerts}
 * and {@code hazina.account-risk} live (read_committed, from their ends when it starts) to judge the
 * fraud stream against the labels ({@link FraudScoreboard}). The labels never leave this class.
 */
public final class DemoFraud implements AutoCloseable {

    private final FraudScenarios.Plan plan;
    private final double share;
    private final Set<String> scenarioRequests = new HashSet<>();
    private final Map<String, FraudScoreboard.Outcome> outcomes = new ConcurrentHashMap<>();
    private final List<FraudScoreboard.Alert> alerts = new CopyOnWriteArrayList<>();
    private final List<FraudScoreboard.Verdict> verdicts = new CopyOnWriteArrayList<>();
    private final AtomicLong cleanFraudBlocked = new AtomicLong();
    private final KafkaProducer<String, TelcoEvent> telco;
    private final String telcoTopic;
    private final List<TopicTailer> tailers;
    private int records;

    private DemoFraud(FraudConfig config, FraudScenarios.Plan plan, double share) {
        this.plan = plan;
        this.share = share;
        plan.scenarios().forEach(s -> s.steps().stream().filter(step -> step.transfer() != null)
            .forEach(step -> scenarioRequests.add(step.transfer().request().getRequestId())));
        FraudTopics topics = FraudTopics.from(config);
        telcoTopic = topics.telcoEvents().name();
        Map<String, Object> producer = new HashMap<>(config.ledger().kafkaClientConfig());
        producer.put(ProducerConfig.ACKS_CONFIG, "all");
        telco = new KafkaProducer<>(producer, topics.telcoEvents().keySerde().serializer(),
            topics.telcoEvents().valueSerde().serializer());
        Deserializer<TransferResult> results = topics.results().valueSerde().deserializer();
        Deserializer<FraudAlert> alerted = topics.alerts().valueSerde().deserializer();
        Deserializer<AccountRisk> risk = topics.risk().valueSerde().deserializer();
        Map<String, Object> client = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.ledger().bootstrapServers());
        Duration poll = Duration.ofMillis(50);
        tailers = List.of(
            TopicTailer.fromEnd(client, topics.results().name(), "hazina-demo-fraud-results", poll,
                (record, seenAt) -> observe(results.deserialize(topics.results().name(), record.value()), seenAt)),
            TopicTailer.fromEnd(client, topics.alerts().name(), "hazina-demo-fraud-alerts", poll, (record, seenAt) -> {
                FraudAlert alert = alerted.deserialize(topics.alerts().name(), record.value());
                alerts.add(new FraudScoreboard.Alert(alert.getAccountId(), alert.getTypology(), alert.getInterdicted(),
                    alert.getTriggeredBy(), seenAt));
            }),
            TopicTailer.fromEnd(client, topics.risk().name(), "hazina-demo-fraud-risk", poll, (record, seenAt) -> {
                AccountRisk verdict = risk.deserialize(topics.risk().name(), record.value());
                if (verdict != null) {
                    verdicts.add(new FraudScoreboard.Verdict(verdict.getAccountId(),
                        verdict.getBlockDebits() || verdict.getBlockCredits(), seenAt));
                }
            }));
    }

    /**
     * {@code share} of {@code transfers} scenarios (0: none), their accounts numbered on from
     * {@code population}'s; starts watching the fraud stream's outputs now, so call it before setup.
     */
    public static DemoFraud start(FraudConfig config, Population population, double share, int transfers, long seed) {
        int count = (int) Math.round(share * transfers);
        // Shaped like the clean generator's run id: the scenarios look like another channel session.
        String runId = "demo-" + UUID.randomUUID().toString().substring(0, 8);
        return new DemoFraud(config, FraudScenarios.plan(population, count, seed, runId), share);
    }

    /** The accounts to open for the scenarios: funded as a population is, and unfunded customers. */
    public FraudScenarios.Plan plan() {
        return plan;
    }

    /** Drives {@code traffic} with the scenarios interleaved, then sends the scenario steps still due. */
    public LoadDriver.Sent load(ChannelSession channel, TrafficGenerator traffic, int count, int rate) {
        ScenarioMix mix = new ScenarioMix(traffic::next, plan.scenarios(), share,
            event -> telco.send(new ProducerRecord<>(telcoTopic, event.getAccountId(), event)));
        records = count;
        return channel.load(mix, count, rate);
    }

    private void observe(TransferResult result, long seenAt) {
        if (result.getDuplicate()) {
            return;
        }
        if (scenarioRequests.contains(result.getRequestId())) {
            // The final answer, first seen when the first answer was.
            outcomes.merge(result.getRequestId(),
                new FraudScoreboard.Outcome(result.getStatus(), result.getReason(), seenAt),
                (first, later) -> new FraudScoreboard.Outcome(later.status(), later.reason(), first.seenAt()));
        } else if (result.getReason() == ReasonCode.FRAUD_BLOCKED) {
            cleanFraudBlocked.incrementAndGet();
        }
    }

    /** The scoreboard as of now (call it once the outcomes are in). */
    public String report() {
        if (plan.scenarios().isEmpty()) {
            return "Fraud scenarios: none injected (--fraud-share 0); "
                + verdicts.stream().filter(FraudScoreboard.Verdict::blocks).map(FraudScoreboard.Verdict::accountId)
                .distinct().count() + " accounts blocked, " + alerts.size() + " alerts, all on clean traffic"
                + System.lineSeparator();
        }
        return FraudScoreboard.table(plan, share, records, outcomes, alerts, verdicts, cleanFraudBlocked.get());
    }

    @Override
    public void close() {
        telco.close();
        tailers.forEach(TopicTailer::close);
    }
}

package dev.hazina.bench.hazina;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.hazina.harness.TopicTailer;
import dev.hazina.harness.traffic.AccountSetup;
import dev.hazina.app.ChannelProducer;
import dev.hazina.harness.traffic.Population;
import dev.hazina.bench.load.OutcomeTracker;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;

/**
 * Opens and funds the population the way money really enters, as the demo does (AccountSetup):
 * open every account, issue e-money to agents and businesses, cash every customer in. Sent as fast
 * as the producer goes; each phase waits for the ledger's answers. Unlike the demo's setup it keeps
 * no per-request state, so a million accounts cost little memory here.
 */
final class HazinaSetup {

    private static final Logger LOG = LoggerFactory.getLogger(HazinaSetup.class);

    private final ChannelProducer producer;
    private final LedgerConfig config;
    private final OutcomeTracker tracker;

    HazinaSetup(ChannelProducer producer, LedgerConfig config, OutcomeTracker tracker) {
        this.producer = producer;
        this.config = config;
        this.tracker = tracker;
    }

    void run(Population population) throws InterruptedException {
        long started = System.currentTimeMillis();
        List<AccountCommand> opens = AccountSetup.openAll(population, started);
        opens.forEach(producer::send);
        producer.flush();
        awaitAccountEvents(opens.size(), timeoutFor(opens.size()));
        LOG.info("Opened {} accounts in {} s", opens.size(), (System.currentTimeMillis() - started) / 1000);
        transfers("issue float", AccountSetup.issueFloat(population, System.currentTimeMillis()));
        transfers("cash in", AccountSetup.cashIn(population, System.currentTimeMillis()));
        LOG.info("Population of {} set up in {} s", population.size(), (System.currentTimeMillis() - started) / 1000);
    }

    private void transfers(String what, List<TransferRequest> requests) throws InterruptedException {
        long started = System.currentTimeMillis();
        for (TransferRequest request : requests) {
            tracker.submitted(request.getRequestedAt(), true, true);
            producer.send(request);
        }
        producer.flush();
        long deadline = System.currentTimeMillis() + timeoutFor(requests.size()).toMillis();
        while (tracker.outstanding() > 0) {
            if (System.currentTimeMillis() > deadline) {
                throw new IllegalStateException(what + ": " + tracker.outstanding() + " of " + requests.size()
                    + " requests unanswered after " + timeoutFor(requests.size()));
            }
            Thread.sleep(100);
        }
        LOG.info("{}: {} transfers in {} s", what, requests.size(), (System.currentTimeMillis() - started) / 1000);
    }

    /** Two minutes, plus a minute per 100,000 records: generous, since the box may be shared. */
    private static Duration timeoutFor(int count) {
        return Duration.ofMinutes(2 + count / 100_000L);
    }

    /** Waits until the account-events topic holds {@code count} events (every command is answered once). */
    private void awaitAccountEvents(int count, Duration timeout) {
        long seen = TopicTailer.countFromBeginning(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers(),
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
            LedgerTopics.from(config).accountEvents().name(), Duration.ofMillis(200), record -> 1, count, timeout,
            sum -> { });
        if (seen < count) {
            throw new IllegalStateException("only " + seen + " of " + count + " accounts opened within " + timeout);
        }
    }
}

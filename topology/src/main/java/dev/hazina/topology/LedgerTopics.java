package dev.hazina.topology;

import java.util.List;
import java.util.Map;

import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountEvent;
import dev.hazina.schemas.AccountRisk;
import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.DeadLetter;
import dev.hazina.schemas.LedgerEntry;
import dev.hazina.schemas.LedgerLeg;
import dev.hazina.schemas.Settlement;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig.TopicName;

/**
 * Every topic the ledger reads or writes, with its serdes, built once from config. Keys are
 * plain UTF-8 strings (account ids, requestIds); values are Avro in the Confluent wire format.
 *
 * <p>Requests come on two topics: channels write {@code requests}, operators alone (by topic ACL)
 * write {@code operatorRequests}, the only topic ISSUE and REVERSAL are accepted from.
 *
 * <p>{@code accountsChangelog} is Kafka Streams' own changelog of the accounts store
 * ({@code <application.id>-hazina-accounts-changelog}): Streams creates it, so it is not in {@link #all()},
 * but the tools that read the store as committed (the chaos harness) find it here.
 */
public record LedgerTopics(
    Topic<String, TransferRequest> requests,
    Topic<String, TransferRequest> operatorRequests,
    Topic<String, AccountCommand> commands,
    Topic<String, LedgerLeg> legs,
    Topic<String, TransferResult> results,
    Topic<String, LedgerEntry> entries,
    Topic<String, Settlement> settlements,
    Topic<String, AccountEvent> accountEvents,
    Topic<byte[], DeadLetter> deadLetters,
    Topic<String, AccountRisk> risk,
    Topic<String, AccountState> accountsChangelog) {

    public static LedgerTopics from(LedgerConfig config) {
        Map<String, Object> serde = config.serdeConfig();
        return new LedgerTopics(
            keyed(config, TopicName.TRANSFER_REQUESTS, TransferRequest.class, serde),
            keyed(config, TopicName.OPERATOR_REQUESTS, TransferRequest.class, serde),
            keyed(config, TopicName.ACCOUNT_COMMANDS, AccountCommand.class, serde),
            keyed(config, TopicName.LEDGER_LEGS, LedgerLeg.class, serde),
            keyed(config, TopicName.TRANSFER_RESULTS, TransferResult.class, serde),
            keyed(config, TopicName.LEDGER_ENTRIES, LedgerEntry.class, serde),
            keyed(config, TopicName.SETTLEMENTS, Settlement.class, serde),
            keyed(config, TopicName.ACCOUNT_EVENTS, AccountEvent.class, serde),
            new Topic<>(config.topicName(TopicName.DEAD_LETTERS), Serdes.ByteArray(),
                AvroSerde.forValues(DeadLetter.class, serde)),
            keyed(config, TopicName.ACCOUNT_RISK, AccountRisk.class, serde),
            new Topic<>(config.applicationId() + "-" + LedgerStores.ACCOUNTS + "-changelog", Serdes.String(),
                AvroSerde.forValues(AccountState.class, serde)));
    }

    /**
     * The key a channel must give {@code request} on the requests topic: the account whose partition
     * decides it. That is the payer, except for ISSUE and REVERSAL, which are keyed by their payee.
     */
    public static String requestKey(TransferRequest request) {
        return TransferRules.keyAccount(request);
    }

    /**
     * The topic a request of {@code kind} must be sent on: the operator topic for ISSUE and REVERSAL,
     * which only operators may write, the channels' topic for every other kind.
     */
    public static TopicName requestTopic(TransferKind kind) {
        return TransferRules.isOperatorKind(kind) ? TopicName.OPERATOR_REQUESTS : TopicName.TRANSFER_REQUESTS;
    }

    /**
     * The inputs that must share one partition count: each account's state lives in one task. The
     * fraud stream's risk verdicts are one of them, so each task holds its own accounts' verdicts.
     */
    public List<String> coPartitioned() {
        return List.of(requests.name(), operatorRequests.name(), commands.name(), legs.name(), risk.name());
    }

    public List<Topic<?, ?>> all() {
        return List.of(requests, operatorRequests, commands, legs, results, entries, settlements, accountEvents,
            deadLetters, risk);
    }

    private static <V extends SpecificRecord> Topic<String, V> keyed(
        LedgerConfig config, TopicName topic, Class<V> type, Map<String, Object> serde) {
        Serde<V> values = AvroSerde.forValues(type, serde);
        return new Topic<>(config.topicName(topic), Serdes.String(), values);
    }
}

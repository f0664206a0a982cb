package dev.hazina.harness.chaos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.kafka.common.serialization.Serializer;

import dev.hazina.harness.traffic.Population;
import dev.hazina.schemas.AccountAction;
import dev.hazina.schemas.AccountCommand;
import dev.hazina.schemas.AccountLimits;
import dev.hazina.schemas.AccountType;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.LedgerTopics;
import dev.hazina.topology.Partitions;

/**
 * Builds the fuzzer's hostile records, one of each {@link HostileCase} per round, from a seed (the same
 * seed gives the same records but for their timestamps): broken bytes (random, wrong magic byte, unknown schema id, truncated, empty, another
 * type's schema, tombstones), broken routing (no key, wrong partition, a key that is not the payer) and
 * well-formed Avro with absurd values (zero, negative, {@code Long.MIN_VALUE} and {@code Long.MAX_VALUE}
 * amounts, amounts that overflow with the fee or the payee's balance, unknown currencies, empty and
 * enormous ids, odd Unicode, a 900 KB and a 2 MB metadata map). Request and command ids are ASCII and
 * unique per run, so each record's fate can be traced.
 */
final class HostileInputs {

    /** One hostile record to send. {@code request} is set when the value is a readable TransferRequest. */
    record HostileRecord(HostileCase hostileCase, String topic, Integer partition, byte[] key, byte[] value,
                         String answerId, TransferRequest request) {
    }

    /** Writing-direction overrides, zero-width joiners, an emoji, a combining accent, NUL, CJK, Greek. */
    static final String ODD_UNICODE = "\u202Eevil\u202C\u200D\uD83D\uDE00e\u0301\u0000\u4E2D\u6587\u03A9\uFEFF";
    /** A lone surrogate: not encodable as UTF-8, so it arrives as '?'. Only used where nothing compares it. */
    static final String LONE_SURROGATE = "\uD800";
    static final int UNKNOWN_SCHEMA_ID = 0x0BADF00D;

    private final LedgerConfig config;
    private final Population population;
    private final String runId;
    private final SplittableRandom random;
    private final Serializer<TransferRequest> requests;
    private final Serializer<AccountCommand> commands;
    private final String requestsTopic;
    private final String commandsTopic;
    /** Value size of {@link HostileCase#REQUEST_NEAR_SIZE_LIMIT}: fits the broker's default 1 MB batch limit. */
    static final int NEAR_LIMIT_BYTES = 1_048_400;

    private final List<HostileCase> cases;
    private int sequence;

    HostileInputs(LedgerConfig config, Population population, long seed, String runId) {
        this(config, population, seed, runId, HostileCase.standard());
    }

    HostileInputs(LedgerConfig config, Population population, long seed, String runId, List<HostileCase> cases) {
        this.cases = List.copyOf(cases);
        this.config = config;
        this.population = population;
        this.runId = runId;
        this.random = new SplittableRandom(seed);
        LedgerTopics topics = LedgerTopics.from(config);
        this.requestsTopic = topics.requests().name();
        this.commandsTopic = topics.commands().name();
        this.requests = topics.requests().valueSerde().serializer();
        this.commands = topics.commands().valueSerde().serializer();
    }

    /** One record of every case. */
    List<HostileRecord> round() {
        List<HostileRecord> records = new ArrayList<>();
        for (HostileCase hostile : cases) {
            records.add(build(hostile));
        }
        return records;
    }

    HostileRecord build(HostileCase hostile) {
        String customer = pick(population.customers());
        String other = otherThan(population.customers(), customer);
        String agent = pick(population.agents());
        String business = pick(population.businesses());
        TransferRequest p2p = request(TransferKind.P2P, Channel.PARTNER_API, customer, other, 10_000);
        return switch (hostile) {
            case REQUEST_RANDOM_BYTES -> raw(hostile, customer, randomBytes(1 + random.nextInt(512)));
            case REQUEST_WRONG_MAGIC_BYTE -> raw(hostile, customer, withMagic(serialize(p2p), (byte) (1 + random.nextInt(255))));
            case REQUEST_UNKNOWN_SCHEMA_ID -> raw(hostile, customer, withSchemaId(serialize(p2p), UNKNOWN_SCHEMA_ID));
            case REQUEST_TRUNCATED -> raw(hostile, customer, truncated(serialize(p2p)));
            case REQUEST_EMPTY_VALUE -> raw(hostile, customer, new byte[0]);
            case REQUEST_TOMBSTONE -> raw(hostile, customer, null);
            case REQUEST_OTHER_SCHEMA -> raw(hostile, customer, serialize(open(customer, AccountType.CUSTOMER, "KES", null)));
            case REQUEST_NO_KEY -> new HostileRecord(hostile, requestsTopic, null, null, serialize(p2p), p2p.getRequestId(), null);
            case REQUEST_WRONG_PARTITION -> new HostileRecord(hostile, requestsTopic,
                (Partitions.partitionFor(customer, config.partitions()) + 1) % config.partitions(), utf8(customer),
                serialize(p2p), p2p.getRequestId(), null);
            case REQUEST_KEY_NOT_PAYER -> new HostileRecord(hostile, requestsTopic, null, utf8(other), serialize(p2p),
                p2p.getRequestId(), null);
            case REQUEST_ID_EMPTY -> unreadable(hostile, customer, TransferRequest.newBuilder(p2p).setRequestId("").build());
            case REQUEST_ID_ENORMOUS -> unreadable(hostile, customer,
                TransferRequest.newBuilder(p2p).setRequestId(id() + "-" + "x".repeat(100_000)).build());
            case PAYER_EMPTY -> unreadable(hostile, "", TransferRequest.newBuilder(p2p).setPayer("").build());
            case AMOUNT_ZERO -> valid(hostile, withAmount(p2p, 0));
            case AMOUNT_NEGATIVE -> valid(hostile, withAmount(p2p, -1 - random.nextInt(1_000_000)));
            case AMOUNT_MIN_LONG -> valid(hostile, withAmount(p2p, Long.MIN_VALUE));
            case AMOUNT_MAX_LONG -> valid(hostile, withAmount(p2p, Long.MAX_VALUE));
            case AMOUNT_PLUS_FEE_OVERFLOWS -> valid(hostile,
                request(TransferKind.B2C, Channel.BULK, business, customer, Long.MAX_VALUE - 1));
            case AMOUNT_OVERFLOWS_PAYEE_BALANCE -> valid(hostile,
                request(TransferKind.CASH_IN, Channel.AGENT_TERMINAL, agent, customer, Long.MAX_VALUE - random.nextInt(1_000)));
            case ISSUE_MAX_LONG -> valid(hostile, request(TransferKind.ISSUE, Channel.ADMIN, "SYS.ISSUANCE", agent, Long.MAX_VALUE));
            case ISSUE_FROM_CHANNEL -> valid(hostile, request(TransferKind.ISSUE, Channel.USSD, "SYS.ISSUANCE", customer, 1_000_000));
            case CURRENCY_UNKNOWN -> valid(hostile, withCurrency(p2p, "ZZZ"));
            case CURRENCY_EMPTY -> valid(hostile, withCurrency(p2p, ""));
            case CURRENCY_LOWER_CASE -> valid(hostile, withCurrency(p2p, "kes"));
            case CURRENCY_NOT_THE_ACCOUNTS -> valid(hostile, withCurrency(p2p, "USD"));
            case PAYER_ENORMOUS -> valid(hostile, TransferRequest.newBuilder(p2p).setPayer("cust-" + "9".repeat(10_000)).build());
            case PAYER_ODD_UNICODE -> valid(hostile, TransferRequest.newBuilder(p2p).setPayer("cust-" + ODD_UNICODE)
                .setMetadata(oddMetadata()).build());
            case PAYEE_ODD_UNICODE -> valid(hostile, TransferRequest.newBuilder(p2p).setPayee("cust-" + ODD_UNICODE)
                .setMetadata(oddMetadata()).build());
            case SAME_ACCOUNT -> valid(hostile, TransferRequest.newBuilder(p2p).setPayee(customer).build());
            case SYSTEM_PAYEE -> valid(hostile, TransferRequest.newBuilder(p2p)
                .setPayee("SYS.FEES.KES." + random.nextInt(config.partitions())).build());
            case WRONG_PAYEE_TYPE -> valid(hostile, request(TransferKind.CASH_OUT, Channel.AGENT_TERMINAL, customer, other, 10_000));
            case CAPTURE_UNKNOWN_HOLD -> valid(hostile, TransferRequest.newBuilder(
                request(TransferKind.CAPTURE, Channel.APP, customer, pick(population.merchants()), 10_000))
                .setReference("no-such-hold-" + id()).build());
            case METADATA_900_KB -> valid(hostile, TransferRequest.newBuilder(p2p)
                .setMetadata(Map.of("blob", randomAscii(900 * 1024))).build());
            case METADATA_2_MB -> valid(hostile, TransferRequest.newBuilder(p2p)
                .setMetadata(Map.of("blob", randomAscii(2 * 1024 * 1024))).build());
            case REQUEST_NEAR_SIZE_LIMIT -> raw(hostile, customer, withMagic(randomBytes(NEAR_LIMIT_BYTES), (byte) 0x7f));
            case COMMAND_RANDOM_BYTES -> command(hostile, customer, randomBytes(1 + random.nextInt(512)), null);
            case COMMAND_WRONG_MAGIC_BYTE -> command(hostile, customer,
                withMagic(serialize(open(customer, AccountType.CUSTOMER, "KES", null)), (byte) (1 + random.nextInt(255))), null);
            case COMMAND_UNKNOWN_SCHEMA_ID -> command(hostile, customer,
                withSchemaId(serialize(open(customer, AccountType.CUSTOMER, "KES", null)), UNKNOWN_SCHEMA_ID), null);
            case COMMAND_TRUNCATED -> command(hostile, customer,
                truncated(serialize(open(customer, AccountType.CUSTOMER, "KES", null))), null);
            case COMMAND_TOMBSTONE -> command(hostile, customer, null, null);
            case COMMAND_OTHER_SCHEMA -> command(hostile, customer, serialize(p2p), null);
            case COMMAND_KEY_NOT_ACCOUNT -> command(hostile, other,
                serialize(open(customer, AccountType.CUSTOMER, "KES", null)), null);
            case OPEN_EMPTY_ID -> command(hostile, "", serialize(open("", AccountType.CUSTOMER, "KES", null)), null);
            case OPEN_ENORMOUS_ID -> commandFor(hostile, open("fuzz-" + "z".repeat(10_000), AccountType.CUSTOMER, "KES", null));
            case OPEN_ODD_UNICODE_UNKNOWN_CURRENCY -> commandFor(hostile,
                open("fuzz-" + ODD_UNICODE + id(), AccountType.CUSTOMER, "\u20BF\u20BF\u20BF", null));
            case OPEN_SYSTEM_ID -> commandFor(hostile,
                open("SYS.FEES.KES." + random.nextInt(config.partitions()), AccountType.CUSTOMER, "KES", null));
            case OPEN_SYSTEM_TYPE -> commandFor(hostile, open("fuzz-sys-" + id(), AccountType.SYSTEM, "KES", null));
            case OPEN_NEGATIVE_LIMITS -> commandFor(hostile, open("fuzz-neg-" + id(), AccountType.CUSTOMER, "KES",
                AccountLimits.newBuilder().setOverdraftLimit(-1).setMaxBalance(Long.MIN_VALUE).build()));
            case OPEN_EXISTING -> commandFor(hostile, open(customer, AccountType.CUSTOMER, "KES", null));
            case UPDATE_LIMITS_UNKNOWN_ACCOUNT -> commandFor(hostile, AccountCommand.newBuilder(
                open("fuzz-ghost-" + id(), AccountType.CUSTOMER, "KES", AccountLimits.newBuilder().build()))
                .setAction(AccountAction.UPDATE_LIMITS).build());
            case CLOSE_NOT_EMPTY -> commandFor(hostile, AccountCommand.newBuilder(open(business, AccountType.BUSINESS, "KES", null))
                .setAction(AccountAction.CLOSE).build());
        };
    }

    private HostileRecord raw(HostileCase hostile, String key, byte[] value) {
        return new HostileRecord(hostile, requestsTopic, null, utf8(key), value, null, null);
    }

    /** A readable request the processor must dead-letter (bad id or key): no result is owed. */
    private HostileRecord unreadable(HostileCase hostile, String key, TransferRequest request) {
        return new HostileRecord(hostile, requestsTopic, null, utf8(key), serialize(request), null, null);
    }

    /** A readable, routable request the ledger owes a result. */
    private HostileRecord valid(HostileCase hostile, TransferRequest request) {
        return new HostileRecord(hostile, requestsTopic, null, utf8(LedgerTopics.requestKey(request)), serialize(request),
            request.getRequestId(), request);
    }

    private HostileRecord command(HostileCase hostile, String key, byte[] value, String commandId) {
        return new HostileRecord(hostile, commandsTopic, null, utf8(key), value, commandId, null);
    }

    private HostileRecord commandFor(HostileCase hostile, AccountCommand command) {
        return command(hostile, command.getAccountId(), commands.serialize(commandsTopic, command), command.getCommandId());
    }

    private TransferRequest request(TransferKind kind, Channel channel, String payer, String payee, long amount) {
        return TransferRequest.newBuilder()
            .setRequestId(id())
            .setChannel(channel)
            .setKind(kind)
            .setPayer(payer)
            .setPayee(payee)
            .setAmount(amount)
            .setCurrency("KES")
            .setRequestedAt(System.currentTimeMillis())
            .build();
    }

    private AccountCommand open(String accountId, AccountType type, String currency, AccountLimits limits) {
        return AccountCommand.newBuilder()
            .setCommandId(id())
            .setAccountId(accountId)
            .setAction(AccountAction.OPEN)
            .setType(type)
            .setCurrency(currency)
            .setLimits(limits)
            .setNote("chaos fuzzer " + LONE_SURROGATE + ODD_UNICODE)
            .setIssuedAt(System.currentTimeMillis())
            .build();
    }

    private static TransferRequest withAmount(TransferRequest request, long amount) {
        return TransferRequest.newBuilder(request).setAmount(amount).build();
    }

    private static TransferRequest withCurrency(TransferRequest request, String currency) {
        return TransferRequest.newBuilder(request).setCurrency(currency).build();
    }

    private Map<String, String> oddMetadata() {
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(ODD_UNICODE, LONE_SURROGATE + ODD_UNICODE);
        metadata.put("", "");
        return metadata;
    }

    private byte[] serialize(TransferRequest request) {
        return requests.serialize(requestsTopic, request);
    }

    private byte[] serialize(AccountCommand command) {
        return commands.serialize(commandsTopic, command);
    }

    static byte[] withMagic(byte[] valid, byte magic) {
        byte[] copy = valid.clone();
        copy[0] = magic;
        return copy;
    }

    static byte[] withSchemaId(byte[] valid, int schemaId) {
        byte[] copy = valid.clone();
        copy[1] = (byte) (schemaId >>> 24);
        copy[2] = (byte) (schemaId >>> 16);
        copy[3] = (byte) (schemaId >>> 8);
        copy[4] = (byte) schemaId;
        return copy;
    }

    /** The header and part of the body: a record cut short in flight. */
    private byte[] truncated(byte[] valid) {
        return Arrays.copyOf(valid, 5 + random.nextInt(valid.length - 5));
    }

    private byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) random.nextInt(256);
        }
        return bytes;
    }

    private String randomAscii(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = (char) ('!' + random.nextInt(94));
        }
        return new String(chars);
    }

    private String id() {
        return runId + "-fuzz-" + (++sequence);
    }

    private String pick(List<String> ids) {
        return ids.get(random.nextInt(ids.size()));
    }

    private String otherThan(List<String> ids, String not) {
        String other = pick(ids);
        return other.equals(not) ? ids.get((ids.indexOf(not) + 1) % ids.size()) : other;
    }

    private static byte[] utf8(String key) {
        return key == null ? null : key.getBytes(StandardCharsets.UTF_8);
    }
}

package dev.hazina.app.query;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.LagInfo;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import dev.hazina.schemas.AccountState;
import dev.hazina.schemas.Statement;
import dev.hazina.schemas.TransferRecord;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerStores;

/**
 * Answers balance, statement and transfer queries from the ledger's stores with interactive
 * queries. A key this instance owns is read from its active store. A key another instance owns is
 * asked of that instance (its {@code application.server}). When the owner cannot answer (a
 * rebalance, or it died and its partitions have not moved yet), a standby copy on this instance
 * answers and says so with its lag; with no standby here the answer is 503 with Retry-After.
 */
public final class LedgerQueries {

    /** Set on a request one instance forwards to another, so it is never forwarded again. */
    public static final String FORWARDED_HEADER = "X-Hazina-Forwarded";
    private static final int RETRY_AFTER_SECONDS = 2;

    private final KafkaStreams streams;
    private final HostInfo self;
    private final LedgerConfig config;
    private final Clock clock;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final ObjectMapper json = new ObjectMapper();

    public LedgerQueries(KafkaStreams streams, HostInfo self, LedgerConfig config, Clock clock) {
        this.streams = streams;
        this.self = self;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Who asks: the {@code Authorization} header to pass on (null when none) and whether another
     * instance forwarded the query here, so it is never forwarded again.
     */
    public record Caller(String authorization, boolean forwarded) {
    }

    /** One HTTP answer: status, JSON body, and the seconds to wait before retrying a 503. */
    public record Answer(int status, String body, Integer retryAfterSeconds) {
    }

    public Answer account(String accountId, Caller caller) {
        return byKey(LedgerStores.ACCOUNTS, accountId, "/accounts/" + encode(accountId), caller,
            (AccountState account) -> Map.of("account", QueryViews.account(account, config.zoneId(), clock.instant())),
            "no account " + accountId);
    }

    public Answer statement(String accountId, int limit, Caller caller) {
        return byKey(LedgerStores.STATEMENTS, accountId, "/accounts/" + encode(accountId) + "/statement?limit=" + limit,
            caller, (Statement statement) -> Map.of("statement",
                QueryViews.statement(accountId, statement.getEntries(), limit)),
            "no entries for account " + accountId);
    }

    /**
     * The outcome of a request. It lives on its payer's partition: with {@code payer} the owner of
     * that account is asked; without, every instance is asked for what its active stores hold. A
     * forwarded request answers from this instance's stores only.
     */
    public Answer transfer(String requestId, String payer, Caller caller) {
        String notFound = "no record of request " + requestId + ": never received, or forgotten after the dedupe "
            + "horizon of " + Duration.ofMillis(config.dedupeHorizonMs()).toDays() + " days";
        Function<TransferRecord, Object> view = record -> Map.of("transfer", QueryViews.transfer(record));
        if (!serving()) {
            return unavailable("the ledger is " + streams.state());
        }
        if (payer != null) {
            return byKey(LedgerStores.TRANSFERS, payer, "/transfers/" + encode(requestId) + "?payer=" + encode(payer),
                caller, store -> store.get(requestId), view, notFound);
        }
        try {
            ReadOnlyKeyValueStore<String, TransferRecord> local = streams.store(
                StoreQueryParameters.fromNameAndType(LedgerStores.TRANSFERS, QueryableStoreTypes.keyValueStore()));
            TransferRecord record = local.get(requestId);
            if (record != null) {
                return ok(view.apply(record), "active", -1, 0);
            }
        } catch (InvalidStateStoreException e) {
            return unavailable("this instance's stores are not ready: " + e.getMessage());
        }
        if (caller.forwarded()) {
            return notFound(notFound);
        }
        boolean allAnswered = true;
        for (StreamsMetadata other : streams.streamsMetadataForStore(LedgerStores.TRANSFERS)) {
            if (other.hostInfo().equals(self)) {
                continue;
            }
            Answer answer = forward(other.hostInfo(), "/transfers/" + encode(requestId), caller);
            if (answer != null && answer.status() == 200) {
                return answer;
            }
            allAnswered &= answer != null && answer.status() == 404;
        }
        return allAnswered ? notFound(notFound) : unavailable("an instance that may hold " + requestId
            + " did not answer; its partitions may be moving");
    }

    private <V> Answer byKey(String storeName, String key, String path, Caller caller, Function<V, Object> view,
                             String notFound) {
        return byKey(storeName, key, path, caller, store -> store.get(key), view, notFound);
    }

    private <V> Answer byKey(String storeName, String key, String path, Caller caller,
                             Function<ReadOnlyKeyValueStore<String, V>, V> read, Function<V, Object> view,
                             String notFound) {
        if (!serving()) {
            return unavailable("the ledger is " + streams.state());
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(storeName, key, Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            return unavailable("the ledger is rebalancing; no instance owns " + key + " yet");
        }
        int partition = owner.partition();
        if (owner.activeHost().equals(self)) {
            Answer answer = local(storeName, partition, false, read, view, notFound);
            if (answer != null) {
                return answer;
            }
        } else if (!caller.forwarded()) {
            Answer answer = forward(owner.activeHost(), path, caller);
            if (answer != null && answer.status() != 503) {
                return answer;
            }
        }
        if (owner.standbyHosts().contains(self)) {
            Answer answer = local(storeName, partition, true, read, view, notFound);
            if (answer != null) {
                return answer;
            }
        }
        return unavailable("the owner of partition " + partition + " (" + owner.activeHost().host() + ":"
            + owner.activeHost().port() + ") cannot answer now and this instance has no standby of it");
    }

    private boolean serving() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING || state == KafkaStreams.State.REBALANCING;
    }

    /** Reads one partition's store here; null when the store is not queryable (it is moving). */
    private <V> Answer local(String storeName, int partition, boolean standby,
                             Function<ReadOnlyKeyValueStore<String, V>, V> read, Function<V, Object> view,
                             String notFound) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, V>> parameters = StoreQueryParameters
            .fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()).withPartition(partition);
        try {
            ReadOnlyKeyValueStore<String, V> store = streams.store(standby ? parameters.enableStaleStores() : parameters);
            V value = read.apply(store);
            long lag = standby ? offsetLag(storeName, partition) : 0;
            return value == null ? notFound(notFound) : ok(view.apply(value), standby ? "standby" : "active", partition, lag);
        } catch (InvalidStateStoreException e) {
            return null;
        }
    }

    private long offsetLag(String storeName, int partition) {
        Map<Integer, LagInfo> lags = streams.allLocalStorePartitionLags().getOrDefault(storeName, Map.of());
        LagInfo lag = lags.get(partition);
        return lag == null ? -1 : lag.offsetLag();
    }

    /** The owner's answer, or null when it could not be reached. */
    private Answer forward(HostInfo host, String path, Caller caller) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://" + host.host() + ":" + host.port() + path))
            .header(FORWARDED_HEADER, self.host() + ":" + self.port()).timeout(Duration.ofSeconds(3)).GET();
        if (caller.authorization() != null) {
            builder.header("Authorization", caller.authorization());
        }
        HttpRequest request = builder.build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body(),
                response.headers().firstValue("Retry-After").map(Integer::valueOf).orElse(null));
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Answer ok(Object view, String servedBy, int partition, long offsetLag) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("servedBy", servedBy);
        body.put("instance", self.host() + ":" + self.port());
        if (partition >= 0) {
            body.put("partition", partition);
        }
        body.put("offsetLag", offsetLag);
        body.putAll(json.convertValue(view, Map.class));
        return new Answer(200, write(body), null);
    }

    private Answer notFound(String detail) {
        return new Answer(404, write(Map.of("error", "NOT_FOUND", "detail", detail)), null);
    }

    private Answer unavailable(String detail) {
        return new Answer(503, write(Map.of("error", "UNAVAILABLE", "detail", detail)), RETRY_AFTER_SECONDS);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a query answer", e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}

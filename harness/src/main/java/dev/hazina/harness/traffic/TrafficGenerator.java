package dev.hazina.harness.traffic;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.sampling.distribution.RejectionInversionZipfSampler;
import org.apache.commons.rng.sampling.distribution.SharedStateDiscreteSampler;
import org.apache.commons.rng.simple.RandomSource;

import dev.hazina.schemas.Channel;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.topology.LedgerTopics;

/**
 * Synthetic channel traffic: about 60% P2P, 15% cash-out, 10% cash-in, 10% merchant payments
 * and 5% B2C, from Zipf-skewed customers, with about 1% channel retries and 0.5% invalid or
 * hostile records. A P2P goes to one of the payer's few contacts (people pay family and friends,
 * not the busiest customer in the country), so clean traffic has no mule-like fan-in; merchants are
 * Zipf-skewed too. Deterministic for a given seed. Not thread-safe.
 *
 * <p>{@link #demo} adds a small share of the two-phase and after-the-fact kinds: merchant
 * pre-authorisations (AUTHORIZE), their CAPTURE (in full or in part) or VOID a little later, or
 * none (the hold expires), and customer-care REVERSALs of recent payments. Those name requests
 * this generator sent, not outcomes it saw, so some are refused as a real channel's would be
 * (HOLD_EXPIRED, HOLD_RESOLVED, NOT_REVERSIBLE, ALREADY_REVERSED, ...).
 */
public final class TrafficGenerator {

    private static final int RECENT = 1_000;
    /** Holds a channel may still capture or void: the latest AUTHORIZEs it sent. */
    private static final int OPEN_HOLDS = 64;
    /** Payments customer care may reverse: every 16th payment sent, the latest few hundred, once they had time to complete. */
    private static final int REVERSIBLE = 256;
    private static final int REVERSIBLE_SAMPLE = 16;
    private static final long SETTLED_AFTER_MS = 2_000;
    /** Contacts on each side of a customer in the population's ring: each pays, and is paid by, the same six. */
    private static final int CONTACTS_EACH_SIDE = 3;

    private final Population population;
    private final UniformRandomProvider random;
    private final SharedStateDiscreteSampler customers;
    private final SharedStateDiscreteSampler merchants;
    private final double retryShare;
    private final double badShare;
    private final String runId;
    private final double newKindsShare;
    private final List<TransferRequest> recent = new ArrayList<>(RECENT);
    private final Deque<TransferRequest> openHolds = new ArrayDeque<>();
    private final Deque<TransferRequest> reversible = new ArrayDeque<>();
    private long sequence;
    private int badSequence;
    private long payments;

    public TrafficGenerator(Population population, long seed, String runId, double retryShare, double badShare) {
        this(population, seed, runId, retryShare, badShare, 0);
    }

    /** With {@code newKindsShare} of the fresh requests holds, captures, voids and reversals. */
    public TrafficGenerator(Population population, long seed, String runId, double retryShare, double badShare,
                            double newKindsShare) {
        this.population = population;
        this.newKindsShare = newKindsShare;
        this.random = RandomSource.XO_RO_SHI_RO_128_PP.create(seed);
        this.customers = RejectionInversionZipfSampler.of(random, population.customers().size(), 1.0);
        this.merchants = RejectionInversionZipfSampler.of(random, population.merchants().size(), 1.0);
        this.retryShare = retryShare;
        this.badShare = badShare;
        this.runId = runId;
    }

    public static TrafficGenerator standard(Population population, long seed, String runId) {
        return new TrafficGenerator(population, seed, runId, 0.01, 0.005);
    }

    /**
     * The demo's mix: the standard one, with 3% of the fresh requests holds, captures, voids and
     * reversals (about 1.5% AUTHORIZE, 0.8% CAPTURE, 0.3% VOID, 0.4% REVERSAL).
     */
    public static TrafficGenerator demo(Population population, long seed, String runId) {
        return new TrafficGenerator(population, seed, runId, 0.01, 0.005, 0.03);
    }

    /** The next record; {@code requestedAt} is its intended send time. */
    public TrafficRecord next(long requestedAt) {
        double dice = random.nextDouble();
        if (dice < retryShare && !recent.isEmpty()) {
            TransferRequest original = recent.get(random.nextInt(recent.size()));
            return keyed(TransferRequest.newBuilder(original).setRequestedAt(requestedAt).build(),
                TrafficRecord.Type.RETRY);
        }
        if (dice < retryShare + badShare) {
            return bad(requestedAt);
        }
        TransferRequest request = newKindsShare > 0 && random.nextDouble() < newKindsShare
            ? newKind(requestedAt) : fresh(requestedAt);
        remember(request);
        if (recent.size() < RECENT) {
            recent.add(request);
        } else {
            recent.set(random.nextInt(RECENT), request);
        }
        return keyed(request, TrafficRecord.Type.REQUEST);
    }

    /** A hold, a capture or void of an open hold, or a reversal of a recent payment; a P2P when there is none to act on. */
    private TransferRequest newKind(long requestedAt) {
        int kind = random.nextInt(100);
        if (kind < 50 || (kind < 87 && openHolds.isEmpty())) {
            String payer = pick(population.customers(), customers);
            return request(Channel.APP, TransferKind.AUTHORIZE, payer, pick(population.merchants(), merchants),
                amount(1_000, 300_000), requestedAt);
        }
        if (kind < 87) {
            // The channel acts on one of its open holds; now and then it acts on the same hold twice.
            TransferRequest hold = random.nextInt(10) == 0 ? openHolds.peekLast() : openHolds.pollFirst();
            boolean capture = kind < 77;
            long amount = !capture || random.nextInt(5) < 3 ? hold.getAmount() : 1 + random.nextLong(hold.getAmount());
            return TransferRequest.newBuilder(request(Channel.PARTNER_API, capture ? TransferKind.CAPTURE : TransferKind.VOID,
                hold.getPayer(), hold.getPayee(), amount, requestedAt)).setReference(hold.getRequestId()).build();
        }
        TransferRequest original = settledPayment(requestedAt);
        if (original == null) {
            return fresh(requestedAt);
        }
        return TransferRequest.newBuilder(request(Channel.ADMIN, TransferKind.REVERSAL, original.getPayee(),
            original.getPayer(), original.getAmount(), requestedAt)).setReference(original.getRequestId()).build();
    }

    /** A payment sent long enough ago to have completed, mostly taken off the list (now and then reversed twice). */
    private TransferRequest settledPayment(long now) {
        TransferRequest oldest = reversible.peekFirst();
        if (oldest == null || oldest.getRequestedAt() > now - SETTLED_AFTER_MS) {
            return null;
        }
        return random.nextInt(10) == 0 ? oldest : reversible.pollFirst();
    }

    private void remember(TransferRequest request) {
        if (request.getKind() == TransferKind.AUTHORIZE) {
            add(openHolds, request, OPEN_HOLDS);
        } else if ((request.getKind() == TransferKind.P2P || request.getKind() == TransferKind.MERCHANT_PAYMENT)
            && payments++ % REVERSIBLE_SAMPLE == 0) {
            add(reversible, request, REVERSIBLE);
        }
    }

    private static void add(Deque<TransferRequest> queue, TransferRequest request, int bound) {
        if (queue.size() == bound) {
            queue.pollFirst();
        }
        queue.addLast(request);
    }

    /** A record keyed as the ledger expects: by the payer, or by the payee for ISSUE and REVERSAL. */
    private static TrafficRecord keyed(TransferRequest request, TrafficRecord.Type type) {
        return new TrafficRecord(LedgerTopics.requestKey(request), request, null, type);
    }

    private TransferRequest fresh(long requestedAt) {
        int kind = random.nextInt(100);
        int customerIndex = customers.sample() - 1;
        String customer = population.customers().get(customerIndex);
        if (kind < 60) {
            return request(Channel.USSD, TransferKind.P2P, customer, contactOf(customerIndex), amount(1_000, 500_000),
                requestedAt);
        }
        String agent = population.agents().get(random.nextInt(population.agents().size()));
        if (kind < 75) {
            return request(Channel.AGENT_TERMINAL, TransferKind.CASH_OUT, customer, agent, amount(10_000, 1_000_000), requestedAt);
        }
        if (kind < 85) {
            return request(Channel.AGENT_TERMINAL, TransferKind.CASH_IN, agent, customer, amount(10_000, 1_000_000), requestedAt);
        }
        if (kind < 95) {
            return request(Channel.APP, TransferKind.MERCHANT_PAYMENT, customer, pick(population.merchants(), merchants),
                amount(1_000, 300_000), requestedAt);
        }
        String business = population.businesses().get(random.nextInt(population.businesses().size()));
        return request(Channel.BULK, TransferKind.B2C, business, customer, amount(10_000, 2_000_000), requestedAt);
    }

    /** In turn: absurd amounts, unknown accounts and currencies, huge metadata, garbage bytes, wrong keys. */
    private TrafficRecord bad(long requestedAt) {
        String customer = pick(population.customers(), customers);
        String other = population.customers().get(random.nextInt(population.customers().size()));
        TransferRequest valid = request(Channel.PARTNER_API, TransferKind.P2P, customer, other, 10_000, requestedAt);
        return switch (badSequence++ % 7) {
            case 0 -> invalid(TransferRequest.newBuilder(valid).setAmount(-valid.getAmount()).build());
            case 1 -> invalid(TransferRequest.newBuilder(valid).setAmount(Long.MAX_VALUE).build());
            case 2 -> invalid(TransferRequest.newBuilder(valid).setPayer("ghost-" + sequence).build(), "ghost-" + sequence);
            case 3 -> invalid(TransferRequest.newBuilder(valid).setCurrency("ZZZ").build());
            case 4 -> invalid(TransferRequest.newBuilder(valid).setMetadata(Map.of("blob", "\u20bf".repeat(4_000))).build());
            case 5 -> new TrafficRecord(customer, null, "{\"amount\":100}".getBytes(StandardCharsets.UTF_8),
                TrafficRecord.Type.HOSTILE);
            default -> new TrafficRecord(other + "-not-the-payer", valid, null, TrafficRecord.Type.HOSTILE);
        };
    }

    private static TrafficRecord invalid(TransferRequest request) {
        return TrafficRecord.of(request, TrafficRecord.Type.INVALID);
    }

    private static TrafficRecord invalid(TransferRequest request, String key) {
        return new TrafficRecord(key, request, null, TrafficRecord.Type.INVALID);
    }

    private TransferRequest request(Channel channel, TransferKind kind, String payer, String payee, long amount,
                                    long requestedAt) {
        return AccountSetup.request(runId + "-" + (++sequence), channel, kind, payer, payee, amount, requestedAt);
    }

    /** One of the customers up to {@link #CONTACTS_EACH_SIDE} places either side of the payer in the population's ring. */
    private String contactOf(int payerIndex) {
        List<String> all = population.customers();
        int offset = 1 + random.nextInt(CONTACTS_EACH_SIDE);
        int index = Math.floorMod(payerIndex + (random.nextBoolean() ? offset : -offset), all.size());
        return index == payerIndex ? all.get((payerIndex + 1) % all.size()) : all.get(index);
    }

    private static String pick(List<String> ids, SharedStateDiscreteSampler zipf) {
        return ids.get(zipf.sample() - 1);
    }

    /** Between the bounds, in cents: four in five from the bottom tenth of the range, so many small transfers. */
    private long amount(long min, long max) {
        long span = max - min;
        return min + random.nextLong(random.nextInt(5) == 0 ? span : span / 10);
    }
}

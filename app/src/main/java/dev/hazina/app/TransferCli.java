package dev.hazina.app;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Option;

import dev.hazina.app.ChannelProducer;
import dev.hazina.schemas.Channel;
import dev.hazina.schemas.TransferKind;
import dev.hazina.schemas.TransferRequest;
import dev.hazina.schemas.TransferResult;
import dev.hazina.schemas.TransferStatus;
import dev.hazina.schemas.serde.AvroSerde;
import dev.hazina.topology.LedgerConfig;
import dev.hazina.topology.LedgerConfig.TopicName;

/** {@code hazina transfer}: sends one transfer request and prints its outcome. */
@Command(name = "transfer", mixinStandardHelpOptions = true,
    description = {"Sends one transfer request, keyed as the ledger expects, and prints its outcome from "
        + "hazina.transfer-results. Reusing --request-id sends a retry.",
        "Example: hazina transfer --kind P2P --from alice --to bob --amount 150000"})
final class TransferCli implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Spec
    CommandSpec spec;

    @Option(names = "--kind", required = true,
        description = "P2P, CASH_IN, CASH_OUT, MERCHANT_PAYMENT, B2C, ISSUE, AUTHORIZE, CAPTURE, VOID or REVERSAL.")
    TransferKind kind;

    @Option(names = "--from", defaultValue = "SYS.ISSUANCE", description = "Payer (for ISSUE: ${DEFAULT-VALUE}).")
    String payer;

    @Option(names = "--to", required = true, description = "Payee.")
    String payee;

    @Option(names = "--amount", required = true, description = "Amount in minor units (cents).")
    long amount;

    @Option(names = "--currency", defaultValue = "KES", description = "ISO 4217 code (default ${DEFAULT-VALUE}).")
    String currency;

    @Option(names = "--channel", defaultValue = "APP", description = "Channel (default ${DEFAULT-VALUE}; ISSUE needs ADMIN).")
    Channel channel;

    @Option(names = "--reference", paramLabel = "REQUEST_ID",
        description = "For CAPTURE, VOID and REVERSAL: the requestId of the transfer or hold referred to.")
    String reference;

    @Option(names = "--request-id", description = "Idempotency key (default: a new UUID).")
    String requestId;

    @Option(names = "--timeout", defaultValue = "PT30S", description = "How long to wait for the outcome (default ${DEFAULT-VALUE}).")
    Duration timeout;

    @Override
    public Integer call() {
        LedgerConfig ledger = config.load();
        TransferRequest request = TransferRequest.newBuilder()
            .setRequestId(requestId != null ? requestId : "cli-" + UUID.randomUUID())
            .setChannel(channel)
            .setKind(kind)
            .setPayer(payer)
            .setPayee(payee)
            .setAmount(amount)
            .setCurrency(currency)
            .setReference(reference)
            .setRequestedAt(System.currentTimeMillis())
            .build();
        try (Answers<TransferResult> answers = new Answers<>(ledger.bootstrapServers(),
                ledger.topicName(TopicName.TRANSFER_RESULTS),
                AvroSerde.forValues(TransferResult.class, ledger.serdeConfig()).deserializer());
             ChannelProducer producer = new ChannelProducer(ledger)) {
            producer.send(request);
            producer.flush();
            TransferResult outcome = answers.await(r -> r.getRequestId().equals(request.getRequestId()), timeout);
            if (outcome == null) {
                spec.commandLine().getErr().println("No outcome for " + request.getRequestId() + " within " + timeout
                    + ": is the ledger running?");
                return 1;
            }
            spec.commandLine().getOut().println(outcome);
            boolean done = outcome.getStatus() == TransferStatus.COMPLETED || outcome.getStatus() == TransferStatus.PENDING;
            return done ? 0 : 1;
        }
    }
}

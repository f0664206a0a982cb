package dev.hazina.schemas.journal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import dev.hazina.schemas.LedgerEntry;

/**
 * The hash chain of an account's ledger entries: each entry's hash is SHA-256 over the previous
 * entry's hash (32 zero bytes for the first) and this entry's fields, in a fixed encoding that does
 * not change when the Avro schema gains fields. Altering, dropping or reordering an entry breaks the
 * chain from that entry on. Not thread-safe: one instance per thread.
 *
 * <p>Encoding, version 1: the byte 1, the previous hash, then accountId, sequence, transferId, kind,
 * entryType, direction, amount, balanceAfter, currency, counterparty and postedAt; each text as its
 * UTF-8 length (4 bytes, big-endian) and bytes, each enum as its symbol's text, each long as 8 bytes.
 */
public final class EntryHash {

    public static final int SIZE = 32;
    private static final byte VERSION = 1;
    private static final byte[] GENESIS = new byte[SIZE];

    private final MessageDigest sha256 = sha256();
    private final ByteBuffer number = ByteBuffer.allocate(Long.BYTES);

    /** The hash of {@code entry} following an entry whose hash is {@code previous} (null for the account's first). */
    public byte[] of(ByteBuffer previous, LedgerEntry entry) {
        sha256.update(VERSION);
        if (previous == null) {
            sha256.update(GENESIS);
        } else {
            sha256.update(previous.duplicate());
        }
        fields(entry);
        return sha256.digest();
    }

    /** Adds {@code entry}'s fields to {@code digest} in the encoding above. */
    void fields(MessageDigest digest, LedgerEntry entry) {
        text(digest, entry.getAccountId());
        number(digest, entry.getSequence());
        text(digest, entry.getTransferId());
        text(digest, entry.getKind().name());
        text(digest, entry.getEntryType().name());
        text(digest, entry.getDirection().name());
        number(digest, entry.getAmount());
        number(digest, entry.getBalanceAfter());
        text(digest, entry.getCurrency());
        text(digest, entry.getCounterparty());
        number(digest, entry.getPostedAt());
    }

    private void fields(LedgerEntry entry) {
        fields(sha256, entry);
    }

    private void text(MessageDigest digest, CharSequence value) {
        byte[] bytes = value.toString().getBytes(StandardCharsets.UTF_8);
        number.clear();
        number.putInt(bytes.length).flip();
        digest.update(number);
        digest.update(bytes);
    }

    private void number(MessageDigest digest, long value) {
        number.clear();
        number.putLong(value).flip();
        digest.update(number);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}

package dev.hazina.topology;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.TreeMap;

import dev.hazina.schemas.TransferRequest;

/**
 * SHA-256 of what a request asks for, to tell a retry (same hash) from a modified request. The
 * send time is left out: a channel's retry carries a new one. Not thread-safe: one per task.
 */
final class ContentHash {

    private final MessageDigest digest;

    ContentHash() {
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    ByteBuffer of(TransferRequest request) {
        digest.reset();
        field(request.getChannel().name());
        field(request.getKind().name());
        field(request.getPayer());
        field(request.getPayee());
        field(Long.toString(request.getAmount()));
        field(request.getCurrency());
        field(request.getReference() == null ? "\u0000" : request.getReference());
        for (Map.Entry<String, String> entry : new TreeMap<>(request.getMetadata()).entrySet()) {
            field(entry.getKey());
            field(entry.getValue());
        }
        return ByteBuffer.wrap(digest.digest());
    }

    /** Length-prefixed, so ("ab","c") and ("a","bc") differ. */
    private void field(String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        digest.update(ByteBuffer.allocate(4).putInt(bytes.length).array());
        digest.update(bytes);
    }
}

package dev.hazina.app.http;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The users file of the HTTP surface ({@code hazina.http.users.file}): one line per user,
 * {@code NAME = ROLE sha256:SALT:HASH}, as {@code hazina http-user} prints it. Every instance of a
 * ledger must hold the same file: a query forwarded to the key's owner is authenticated there again.
 */
public final class HttpUsers {

    private record User(HttpRole role, String storedSecret) {
    }

    private final Map<String, User> users;

    private HttpUsers(Map<String, User> users) {
        this.users = Map.copyOf(users);
    }

    /** Reads and checks the whole file; IllegalArgumentException naming the first bad line. */
    public static HttpUsers load(Path file) {
        Properties lines = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            lines.load(in);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read the HTTP users file " + file + ": " + e.getMessage(), e);
        }
        Map<String, User> users = new LinkedHashMap<>();
        for (String name : lines.stringPropertyNames()) {
            String[] parts = lines.getProperty(name).strip().split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("HTTP user " + name + " in " + file + ": expected 'ROLE sha256:SALT:HASH'");
            }
            try {
                SecretHash.parse(parts[1]);
                users.put(name, new User(HttpRole.parse(name, parts[0]), parts[1]));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("HTTP user " + name + " in " + file + ": " + e.getMessage(), e);
            }
        }
        if (users.isEmpty()) {
            throw new IllegalArgumentException("the HTTP users file " + file + " names no user");
        }
        return new HttpUsers(users);
    }

    /** The user's role when the secret is theirs; empty for an unknown user or a wrong secret. */
    public Optional<HttpRole> authenticate(String name, String secret) {
        User user = users.get(name);
        if (user == null || secret == null || !SecretHash.matches(secret, user.storedSecret())) {
            return Optional.empty();
        }
        return Optional.of(user.role());
    }

    /** The line that adds a user to the file. */
    public static String line(String name, HttpRole role, String secret) {
        return name + " = " + role.label() + " " + SecretHash.hash(secret);
    }
}

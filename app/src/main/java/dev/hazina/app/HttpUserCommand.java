package dev.hazina.app;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import dev.hazina.app.http.HttpRole;
import dev.hazina.app.http.HttpUsers;
import dev.hazina.app.http.SecretHash;

/**
 * {@code hazina http-user NAME --role ROLE}: draws a new secret for a caller of the HTTP surface and
 * prints the line for the users file (which holds only its salted hash) and the secret, once.
 */
@Command(name = "http-user", mixinStandardHelpOptions = true,
    description = {"Makes an HTTP user: prints the line to add to the users file (hazina.http.users.file, the same "
        + "file on every instance) and a new random secret, shown only this once. Callers send NAME and the secret "
        + "as HTTP Basic credentials. Exit codes: 0 printed, 2 a bad name or role."})
final class HttpUserCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "NAME", description = "The user, e.g. channel-ussd (letters, digits, '.', '_', '-').")
    String name;

    @Option(names = "--role", required = true, paramLabel = "ROLE",
        description = "channel (queries), monitor (/metrics and the live page) or ops (everything).")
    String roleName;

    @Override
    public Integer call() {
        if (!NAME.matcher(name).matches()) {
            spec.commandLine().getErr().println("hazina http-user: the name '" + name
                + "' must be 1 to 64 letters, digits, '.', '_' or '-'");
            return 2;
        }
        HttpRole role;
        try {
            role = HttpRole.parse(name, roleName);
        } catch (IllegalArgumentException e) {
            spec.commandLine().getErr().println("hazina http-user: " + e.getMessage());
            return 2;
        }
        String secret = SecretHash.newSecret();
        PrintWriter out = spec.commandLine().getOut();
        out.println("# Add this line to the HTTP users file of every instance:");
        out.println(HttpUsers.line(name, role, secret));
        out.println("# The secret of " + name + ", shown only now (HTTP Basic password):");
        out.println(secret);
        return 0;
    }
}

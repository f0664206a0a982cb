package dev.hazina.app.http;

import java.nio.file.Path;
import java.util.Map;

import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.ValidString;
import org.apache.kafka.common.config.ConfigException;

/** The {@code hazina.http.*} keys: how {@code hazina run --http-port} authenticates its callers. */
public final class HttpConfig extends AbstractConfig {

    public static final String AUTH_CONFIG = "hazina.http.auth";
    private static final String AUTH_DOC = "'basic': every route except /openapi.yaml needs HTTP Basic credentials "
        + "from the users file, and the route's role. 'none': nothing is asked, for a loopback-only demo or test.";
    public static final String USERS_FILE_CONFIG = "hazina.http.users.file";
    private static final String USERS_FILE_DOC = "The users file (NAME = ROLE sha256:SALT:HASH lines, made by "
        + "hazina http-user). The same file on every instance.";

    public static final String BASIC = "basic";
    public static final String NONE = "none";

    private static final ConfigDef DEFINITION = new ConfigDef()
        .define(AUTH_CONFIG, Type.STRING, BASIC, ValidString.in(BASIC, NONE), Importance.HIGH, AUTH_DOC)
        .define(USERS_FILE_CONFIG, Type.STRING, null, Importance.HIGH, USERS_FILE_DOC);

    public HttpConfig(Map<?, ?> originals) {
        super(DEFINITION, originals, false);
    }

    /** The access rules these settings ask for; ConfigException when they are incomplete or the file is bad. */
    public HttpAccess access() {
        if (NONE.equals(getString(AUTH_CONFIG))) {
            return HttpAccess.open();
        }
        String file = getString(USERS_FILE_CONFIG);
        if (file == null || file.isBlank()) {
            throw new ConfigException(AUTH_CONFIG + "=" + BASIC + " needs " + USERS_FILE_CONFIG + " (make its lines with "
                + "hazina http-user), or set " + AUTH_CONFIG + "=" + NONE + " to serve without authentication");
        }
        try {
            return HttpAccess.basic(HttpUsers.load(Path.of(file)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }
}

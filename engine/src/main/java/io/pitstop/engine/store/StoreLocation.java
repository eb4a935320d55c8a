package io.pitstop.engine.store;

import io.pitstop.engine.conf.Profile;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where the run store and registry live: a JDBC URL and, for a server database, the user and password
 * to log in with. Read from a profile's {@code store} section, where any value may name environment
 * variables as {@code ${NAME}}, so that credentials stay out of the file:
 *
 * <pre>
 * store:
 *   url: jdbc:postgresql://db.internal:5432/pitstop
 *   user: ${PITSTOP_DB_USER}
 *   password: ${PITSTOP_DB_PASSWORD}
 * </pre>
 *
 * The references are resolved here, when the store is opened, never when the profile is loaded: the
 * profile's settings (which a trigger copies and a run may record) only ever hold the {@code ${NAME}}
 * text. {@link #toString()} never shows the password.
 */
public record StoreLocation(String url, String user, String password) {

    public static final String URL_KEY = "store.url";
    public static final String USER_KEY = "store.user";
    public static final String PASSWORD_KEY = "store.password";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("((?i:password)=)[^&;]*");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");

    public StoreLocation {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("store.url is empty: expected a JDBC URL such as jdbc:sqlite:.pitstop/pitstop.db");
        }
        if (password != null && user == null) {
            throw new IllegalArgumentException("store.password is set but store.user is not: give both, or neither");
        }
    }

    /** A location with no separate credentials (an SQLite file, or a URL that carries its own). */
    public static StoreLocation of(String url) {
        return new StoreLocation(url, null, null);
    }

    /** The store a profile names, with {@code ${NAME}} references resolved from this process's environment. */
    public static StoreLocation of(Profile profile) {
        return of(profile, System.getenv());
    }

    /**
     * The store a profile names: {@code store.url} (an SQLite file {@code pitstop.db} in the state
     * directory when absent; a relative SQLite path is made absolute against the project directory),
     * {@code store.user} and {@code store.password}, each with {@code ${NAME}} taken from {@code env}.
     *
     * @throws IllegalArgumentException naming the profile key and the variable when a referenced
     *                                  variable is not set
     */
    public static StoreLocation of(Profile profile, Map<String, String> env) {
        String url = resolve(profile, URL_KEY, configuredUrl(profile), env);
        String user = profile.find(USER_KEY).map(v -> resolve(profile, USER_KEY, v, env)).orElse(null);
        String password = profile.find(PASSWORD_KEY).map(v -> resolve(profile, PASSWORD_KEY, v, env)).orElse(null);
        return new StoreLocation(absoluteSqlite(profile, url), user, password);
    }

    /**
     * The profile's store URL as configured, {@code ${NAME}} references left as they are (so it can be
     * copied into another profile without putting a secret into it), with a relative SQLite path made
     * absolute against the project directory.
     */
    public static String configuredUrl(Profile profile) {
        String url = profile.find(URL_KEY).orElse("jdbc:sqlite:" + profile.stateDir().resolve("pitstop.db"));
        return REFERENCE.matcher(url).find() ? url : absoluteSqlite(profile, url);
    }

    /** Whether the location carries a user and password of its own (as opposed to in the URL, or none). */
    public boolean hasCredentials() {
        return user != null;
    }

    private static String resolve(Profile profile, String key, String value, Map<String, String> env) {
        Matcher m = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String found = env.get(name);
            if (found == null) {
                throw new IllegalArgumentException("profile '" + profile.name() + "': " + key + " names the environment variable "
                        + name + ", which is not set (export " + name + "=... before running pitstop)");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(found));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** A relative SQLite path resolved against the project, so the store does not depend on the working directory. */
    private static String absoluteSqlite(Profile profile, String url) {
        if (Database.Dialect.of(url) != Database.Dialect.SQLITE) return url;
        String rest = url.substring("jdbc:sqlite:".length());
        boolean fileScheme = rest.startsWith("file:");
        String pathAndQuery = fileScheme ? rest.substring("file:".length()) : rest;
        int q = pathAndQuery.indexOf('?');
        String path = q >= 0 ? pathAndQuery.substring(0, q) : pathAndQuery;
        String query = q >= 0 ? pathAndQuery.substring(q) : "";
        if (path.isEmpty() || path.equals(":memory:") || Path.of(path).isAbsolute()) return url;
        Path absolute = profile.projectDir().toAbsolutePath().resolve(path).normalize();
        return "jdbc:sqlite:" + (fileScheme ? "file:" : "") + absolute + query;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoreLocation other && url.equals(other.url) && Objects.equals(user, other.user)
                && Objects.equals(password, other.password);
    }

    @Override
    public int hashCode() {
        return Objects.hash(url, user);
    }

    /** The URL and user, for messages and logs; the password is never shown, not even one written into the URL. */
    @Override
    public String toString() {
        String shown = redacted(url);
        return user == null ? shown : shown + " (user " + user + ")";
    }

    /** A JDBC URL with the value of any {@code password=} parameter replaced by {@code ***}. */
    public static String redacted(String url) {
        return url == null ? null : PASSWORD_PARAMETER.matcher(url).replaceAll("$1***");
    }
}

package org.backupbatch.config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.backupbatch.config.PhpLexer.Kind;
import org.backupbatch.config.PhpLexer.Token;
import org.backupbatch.config.SiteConfig.Database;
import org.backupbatch.errors.ConfigurationError;

/**
 * Reads the database settings of a WordPress {@code wp-config.php} without running PHP: the
 * {@code define('DB_…', '…')} calls whose value is a plain string literal, outside comments,
 * with PHP's string escapes. A value PHP would compute (a variable, {@code getenv()}, a
 * concatenation) is an error, unless the site file sets that value itself.
 */
public final class WpConfigParser {

    private static final String FILE = "wp-config.php";
    private static final Pattern HOST_PORT = Pattern.compile("([^:/]*)(?::(.*))?");
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(.*))?|([0-9A-Fa-f:.]+)");

    private WpConfigParser() {
    }

    /**
     * Parses the settings; DB_NAME, DB_USER and DB_PASSWORD must be defined as string literals,
     * DB_HOST defaults to {@code localhost}.
     *
     * @param phpSource the content of {@code wp-config.php}
     */
    public static WpDatabaseSettings parse(String phpSource) {
        return read(phpSource, Set.of());
    }

    /**
     * The site's database with what {@code wp-config.php} gives filled in, as {@link
     * Database#withDiscovered}; a constant the site file sets itself may be missing or computed
     * in {@code wp-config.php}.
     *
     * @param configured the site's database, or null
     * @param phpSource  the content of {@code wp-config.php}
     */
    public static Database discover(Database configured, String phpSource) {
        Set<String> own = configured == null ? Set.of() : configured.explicitKeys();
        Set<String> notNeeded = new java.util.HashSet<>();
        own.forEach(key -> notNeeded.add("DB_" + key.toUpperCase(java.util.Locale.ROOT)));
        return Database.withDiscovered(configured, read(phpSource, notNeeded));
    }

    private static WpDatabaseSettings read(String phpSource, Set<String> notNeeded) {
        Map<String, Token> defines = defines(PhpLexer.tokens(phpSource));
        String name = value(defines, "DB_NAME", notNeeded);
        String user = value(defines, "DB_USER", notNeeded);
        String password = value(defines, "DB_PASSWORD", notNeeded);
        String host = defines.containsKey("DB_HOST") ? value(defines, "DB_HOST", notNeeded) : "localhost";
        WpDatabaseSettings parsedHost = host == null
                ? new WpDatabaseSettings(null, null, null, null, null, null)
                : host(host);
        return new WpDatabaseSettings(name, user, password == null ? null : Secret.of(password),
                parsedHost.host(), parsedHost.port(), parsedHost.socket());
    }

    /** The value token of each {@code define('NAME', value ...)}, a blank WORD when not a literal. */
    private static Map<String, Token> defines(List<Token> tokens) {
        Map<String, Token> defines = new HashMap<>();
        defineValues(tokens).forEach((key, i) -> {
            Token value = tokens.get(i);
            Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
            boolean literal = value.kind() == Kind.STRING && value.quote() != '`'
                    && after != null && (after.is(Kind.SYMBOL, ")") || after.is(Kind.SYMBOL, ","));
            defines.put(key, literal ? value : new Token(Kind.WORD, "", '\0'));
        });
        return defines;
    }

    /**
     * The index of the value token of each {@code define('NAME', value ...)} call, by name; the
     * first one wins, as in PHP. Shared with {@link WpConfigRewriter}.
     */
    static Map<String, Integer> defineValues(List<Token> tokens) {
        Map<String, Integer> defines = new HashMap<>();
        for (int i = 0; i + 4 < tokens.size(); i++) {
            Token previous = i == 0 ? null : tokens.get(i - 1);
            boolean call = tokens.get(i).kind() == Kind.WORD && tokens.get(i).text().equalsIgnoreCase("define")
                    && tokens.get(i + 1).is(Kind.SYMBOL, "(")
                    && tokens.get(i + 2).kind() == Kind.STRING
                    && tokens.get(i + 3).is(Kind.SYMBOL, ",")
                    && (previous == null || !(previous.is(Kind.SYMBOL, "->") || previous.is(Kind.SYMBOL, "::")
                            || previous.is(Kind.WORD, "function")));
            if (call) {
                defines.putIfAbsent(PhpStrings.singleQuoted(tokens.get(i + 2).text()), i + 4);
            }
        }
        return defines;
    }

    /** The decoded value, or null when the site file gives it instead. */
    private static String value(Map<String, Token> defines, String constant, Set<String> notNeeded) {
        if (notNeeded.contains(constant)) {
            return null;
        }
        Token token = defines.get(constant);
        if (token == null) {
            throw error(constant + " is not defined; set it there or in the site file under database");
        }
        if (token.kind() != Kind.STRING) {
            throw error(constant + " is not a plain string literal (PHP would compute it); "
                    + "set its value in the site file under database");
        }
        try {
            return PhpStrings.decode(token.text(), token.quote());
        } catch (PhpStrings.Unsupported e) {
            throw error(constant + " " + e.getMessage()
                    + "; not supported: set its value in the site file under database");
        }
    }

    /** Splits DB_HOST as WordPress does: {@code [p:]host[:port][:/socket]}, IPv6 in brackets. */
    static WpDatabaseSettings host(String dbHost) {
        String rest = dbHost.strip().startsWith("p:") ? dbHost.strip().substring(2) : dbHost.strip();
        String socket = null;
        int socketAt = rest.indexOf(":/");
        if (socketAt >= 0) {
            socket = rest.substring(socketAt + 1);
            rest = rest.substring(0, socketAt);
        }
        String host;
        String port;
        Matcher ipv6 = IPV6.matcher(rest);
        Matcher plain = HOST_PORT.matcher(rest);
        if (rest.chars().filter(c -> c == ':').count() > 1 && ipv6.matches()) {
            host = ipv6.group(1) != null ? ipv6.group(1) : ipv6.group(3);
            port = ipv6.group(2);
        } else if (plain.matches()) {
            host = plain.group(1);
            port = plain.group(2);
        } else {
            throw error("DB_HOST " + Describe.quoted(dbHost) + " is not host[:port][:/socket]");
        }
        return new WpDatabaseSettings(null, null, null, host.isEmpty() ? "localhost" : host, port(dbHost, port), socket);
    }

    private static Integer port(String dbHost, String port) {
        if (port == null || port.isEmpty()) {
            return null;
        }
        if (!port.matches("\\d{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
            throw error("DB_HOST " + Describe.quoted(dbHost) + " has an invalid port " + Describe.quoted(port));
        }
        return Integer.valueOf(port);
    }

    private static ConfigurationError error(String reason) {
        return new ConfigurationError(FILE + ": " + reason);
    }
}

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
 * {@code define('DB_…', '…')} calls and the {@code $table_prefix = '…';} assignment whose value
 * is a plain string literal, outside comments, with PHP's string escapes. A value PHP would
 * compute (a variable, {@code getenv()}, a concatenation) is an error, unless the site file sets
 * that value itself.
 */
public final class WpConfigParser {

    private static final String FILE = "wp-config.php";
    /** Stands for {@code $table_prefix} among the names of the values not needed. */
    private static final String TABLE_PREFIX = "$table_prefix";
    /** The symbols after a variable that assign it, compound assignments included. */
    private static final Pattern ASSIGNMENT = Pattern.compile("=(?![=>])|(?:[-.+*/%&|^]|\\*\\*|\\?\\?|<<|>>)=(?!=)");
    private static final Pattern HOST_PORT = Pattern.compile("([^:/]*)(?::(.*))?");
    private static final Pattern IPV6 = Pattern.compile("\\[([0-9A-Fa-f:.]+)](?::(.*))?|([0-9A-Fa-f:.]+)");

    private WpConfigParser() {
    }

    /**
     * Parses the settings; DB_NAME, DB_USER and DB_PASSWORD must be defined as string literals,
     * DB_HOST defaults to {@code localhost}; the table prefix is null when {@code $table_prefix}
     * is not given as one string literal.
     *
     * @param phpSource the content of {@code wp-config.php}
     */
    public static WpDatabaseSettings parse(String phpSource) {
        return read(phpSource, Set.of(TABLE_PREFIX));
    }

    /**
     * The site's database with what {@code wp-config.php} gives filled in, as {@link
     * Database#withDiscovered}; a constant the site file sets itself may be missing or computed
     * in {@code wp-config.php}. {@code $table_prefix} must be a literal only when the backup takes
     * the tables of a prefix that the configuration does not give.
     *
     * @param configured the site's database, or null
     * @param phpSource  the content of {@code wp-config.php}
     */
    public static Database discover(Database configured, String phpSource) {
        Set<String> own = configured == null ? Set.of() : configured.explicitKeys();
        Set<String> notNeeded = new java.util.HashSet<>();
        own.forEach(key -> notNeeded.add("DB_" + key.toUpperCase(java.util.Locale.ROOT)));
        if (!needsPrefix(configured)) {
            notNeeded.add(TABLE_PREFIX);
        }
        return Database.withDiscovered(configured, read(phpSource, notNeeded));
    }

    /**
     * The configured database with the table prefix of {@code wp-config.php} filled in, the rest
     * as configured (for a site file that gives every credential itself). The prefix must be a
     * literal only when the configuration needs it and does not give it.
     *
     * @param configured the site's database
     * @param phpSource  the content of {@code wp-config.php}
     */
    public static Database discoverTablePrefix(Database configured, String phpSource) {
        if (configured.explicitKeys().contains("table_prefix")) {
            return configured;
        }
        String prefix = tablePrefix(PhpLexer.tokens(phpSource), needsPrefix(configured));
        return prefix == null ? configured : configured.withTablePrefix(prefix);
    }

    private static boolean needsPrefix(Database configured) {
        return configured != null && configured.tables() == SiteConfig.Tables.PREFIX
                && configured.tablePrefix() == null;
    }

    private static WpDatabaseSettings read(String phpSource, Set<String> notNeeded) {
        List<Token> tokens = PhpLexer.tokens(phpSource);
        Map<String, Token> defines = defines(tokens);
        String name = value(defines, "DB_NAME", notNeeded);
        String user = value(defines, "DB_USER", notNeeded);
        String password = value(defines, "DB_PASSWORD", notNeeded);
        String host = defines.containsKey("DB_HOST") ? value(defines, "DB_HOST", notNeeded) : "localhost";
        WpDatabaseSettings parsedHost = host == null
                ? new WpDatabaseSettings(null, null, null, null, null, null)
                : host(host);
        return new WpDatabaseSettings(name, user, password == null ? null : Secret.of(password),
                parsedHost.host(), parsedHost.port(), parsedHost.socket(),
                tablePrefix(tokens, !notNeeded.contains(TABLE_PREFIX)));
    }

    /**
     * The value of {@code $table_prefix = '…';}. Every assignment must be that same literal: a
     * computed value ({@code getenv()}, a concatenation, {@code .=}) or assignments that differ
     * (one per environment in an if) cannot be known without running PHP.
     *
     * @param required whether a missing or computed value is an error rather than null
     */
    private static String tablePrefix(List<Token> tokens, boolean required) {
        String found = null;
        for (int i = 0; i < tokens.size(); i++) {
            if (!tokens.get(i).is(Kind.VARIABLE, "table_prefix") || !assigns(tokens, i + 1)) {
                continue;
            }
            String value = literalAssigned(tokens, i + 1);
            if (value == null || (found != null && !found.equals(value))) {
                if (!required) {
                    return null;
                }
                throw error(value == null
                        ? "$table_prefix is not a plain string literal (PHP would compute it); set "
                                + "database.table_prefix in the site file, or database.tables: all"
                        : "$table_prefix is assigned different values (" + Describe.quoted(found) + ", "
                                + Describe.quoted(value) + "); set database.table_prefix in the site file");
            }
            found = value;
        }
        if (found == null && required) {
            throw error("$table_prefix is not set; set database.table_prefix in the site file, "
                    + "or database.tables: all");
        }
        return found;
    }

    /**
     * Whether the symbols from {@code at} assign the variable before them: {@code =} (not
     * {@code ==} nor {@code =>}) or a compound assignment such as {@code .=} or {@code ??=}.
     */
    private static boolean assigns(List<Token> tokens, int at) {
        StringBuilder symbols = new StringBuilder();
        for (int i = at; i < tokens.size() && i < at + 4 && tokens.get(i).kind() == Kind.SYMBOL; i++) {
            symbols.append(tokens.get(i).text());
        }
        return ASSIGNMENT.matcher(symbols).lookingAt();
    }

    /** The decoded literal of {@code = 'value' ;} at {@code at}, or null when PHP computes it. */
    private static String literalAssigned(List<Token> tokens, int at) {
        boolean simple = at + 2 < tokens.size() && tokens.get(at).is(Kind.SYMBOL, "=")
                && tokens.get(at + 1).kind() == Kind.STRING && tokens.get(at + 1).quote() != '`'
                && tokens.get(at + 2).is(Kind.SYMBOL, ";");
        if (!simple) {
            return null;
        }
        Token value = tokens.get(at + 1);
        try {
            return PhpStrings.decode(value.text(), value.quote());
        } catch (PhpStrings.Unsupported e) {
            return null;
        }
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

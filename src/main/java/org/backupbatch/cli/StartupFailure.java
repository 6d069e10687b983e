package org.backupbatch.cli;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Why Spring did not start, in one sentence with its fix. When the job repository cannot be
 * opened, Spring's exception is a chain of bean-creation errors 1,500 characters long whose
 * useful part is the last one ({@code Access denied for user …}, {@code Connection refused}); the
 * usual causes are named here, the rest shown as the deepest message. Secrets are masked.
 */
final class StartupFailure {

    private static final String URL_WORD = "spring.datasource.url";
    /** What Hikari, the JDBC driver manager and Boot say of a URL no driver takes. */
    private static final List<String> DRIVER_REFUSALS = List.of("must start with \"jdbc\"",
            "claims to not accept jdbcUrl", "No suitable driver", "Failed to determine a suitable driver");

    private StartupFailure() {
    }

    /**
     * @param failure  what {@code SpringApplication.run} threw
     * @param command  the words: which repository was asked for
     * @param logFile  where the full chain is written
     * @return e.g. {@code cannot open the job repository jdbc:mariadb://db/x: Access denied for user
     *         'bb'@'10.0.0.2'; check spring.datasource.username and the password …}
     */
    static String describe(Throwable failure, CommandLine command, Path logFile) {
        List<Throwable> chain = chain(failure);
        SQLException sql = first(chain, SQLException.class);
        String fix = fix(chain, sql);
        if (sql == null && fix == null && !mentionsRepository(chain)) {
            return ShownWords.masked("cannot start: " + message(chain.get(chain.size() - 1)) + "; the full error is in "
                    + logFile);
        }
        String cause = sql != null ? message(sql) : message(chain.get(chain.size() - 1));
        return ShownWords.masked("cannot open the job repository " + repository(command) + ": "
                + ShownWords.maskUrl(cause) + "; " + (fix != null ? fix : "the full error is in " + logFile));
    }

    private static String fix(List<Throwable> chain, SQLException sql) {
        if (first(chain, ConnectException.class) != null) {
            return "start that database, or correct the host and port in " + URL_WORD;
        }
        if (first(chain, UnknownHostException.class) != null) {
            return "correct the host name in " + URL_WORD;
        }
        if (sql != null && isLoginRefused(sql)) {
            return "check spring.datasource.username and the password (give it as SPRING_DATASOURCE_PASSWORD in the "
                    + "environment, not on the command line)";
        }
        if (sql != null && sql.getErrorCode() == 1049) {
            return "create that database, or add createDatabaseIfNotExist=true to the URL's options";
        }
        if (isDriverMissing(chain)) {
            return "give " + URL_WORD + "=jdbc:mariadb://<host>:<port>/<database> (MariaDB or MySQL), or leave it "
                    + "out for the built-in repository under <home>/.backup-batch";
        }
        return null;
    }

    private static boolean isLoginRefused(SQLException sql) {
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        String text = String.valueOf(sql.getMessage()).toLowerCase(Locale.ROOT);
        return state.startsWith("28") || text.contains("access denied") || text.contains("authentication failed")
                || text.contains("invalid authorization");
    }

    private static boolean isDriverMissing(List<Throwable> chain) {
        for (Throwable t : chain) {
            String text = String.valueOf(t.getMessage());
            boolean noDriverClass = t instanceof ClassNotFoundException && text.contains("Driver");
            if (noDriverClass || DRIVER_REFUSALS.stream().anyMatch(text::contains)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the failure came up while Spring made the data source or the job repository. */
    private static boolean mentionsRepository(List<Throwable> chain) {
        return chain.stream().map(t -> String.valueOf(t.getMessage())).anyMatch(text -> text.contains("DatabaseDriver")
                || text.contains("'dataSource'") || text.contains("'jobRepository'"));
    }

    /** The repository asked for: its URL (secrets masked), or the built-in one. */
    private static String repository(CommandLine command) {
        if (command.repositoryUrl() != null) {
            return ShownWords.maskUrl(command.repositoryUrl());
        }
        return "under " + command.home().resolve(".backup-batch");
    }

    /** A driver's message without its connection number: {@code (conn=7319) Access denied …}. */
    private static String message(Throwable t) {
        String text = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        return text.replaceFirst("^\\(conn=\\d+\\) ", "").strip();
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = failure; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static <T extends Throwable> T first(List<Throwable> chain, Class<T> type) {
        return chain.stream().filter(type::isInstance).map(type::cast).findFirst().orElse(null);
    }
}

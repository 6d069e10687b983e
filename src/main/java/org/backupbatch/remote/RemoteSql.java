package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Pipeline;
import org.backupbatch.ssh.Shell;

/**
 * Small queries run with the {@code mysql} client where the database is reachable, credentials
 * in the option file (never on the command line). Rows come back tab-separated, one a line.
 */
public final class RemoteSql {

    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final Shell shell;
    private final SiteConfig.Database db;

    public RemoteSql(Shell shell, SiteConfig.Database db) {
        this.shell = shell;
        this.db = db;
    }

    /** The database the queries run in. */
    SiteConfig.Database database() {
        return db;
    }

    /** Runs one or more statements in the site's database and returns the result rows. */
    public List<String> query(String sql) throws IOException {
        byte[] options = OptionFile.render(db);
        String script = new Pipeline()
                .before(OptionFile.prelude(options.length))
                .stage("mysql", OptionFile.client("mysql " + OptionFile.DEFAULTS + " --batch --skip-column-names --raw -D "
                        + quote(db.name()) + " -e " + quote(sql)))
                .script();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult result = shell.run(script, new ByteArrayInputStream(options), out, TIMEOUT);
        Integer status = result.stageStatuses().get("mysql");
        if (status == null || status != 0) {
            throw DatabaseErrors.explain("query on database " + db.name() + " on " + shell.describe() + " failed",
                    result, db);
        }
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    /**
     * The names of the database's tables and views, exact: they come hex-encoded, so that a tab,
     * a newline or a leading space in a name survives the client's line-per-row output.
     */
    public List<String> tableNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String hex : query("SELECT HEX(TABLE_NAME) FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE()")) {
            names.add(new String(HexFormat.of().parseHex(hex.strip()), StandardCharsets.UTF_8));
        }
        return names;
    }

    /**
     * SQL string literal for a value: single-quoted, backslashes doubled, a quote written
     * {@code ''}. Unlike {@code \'}, {@code ''} also closes nothing on a server whose sql_mode has
     * NO_BACKSLASH_ESCAPES: the value stays a value whatever the mode.
     */
    public static String literal(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    /** SQL identifier: backquoted, backquotes doubled. */
    public static String identifier(String name) {
        return "`" + name.replace("`", "``") + "`";
    }
}

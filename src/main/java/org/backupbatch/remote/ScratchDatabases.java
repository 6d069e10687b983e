package org.backupbatch.remote;

import java.io.IOException;
import java.util.List;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.ssh.Shell;

/**
 * Databases a restore drill makes for itself on the {@code drill.database} server: created
 * empty, listed by their name's prefix, dropped. The statements run with the {@code mysql} client
 * through the given shell (this machine's, for a drill), in {@code information_schema} (which
 * every user may enter), the credentials in the option file as for every other query. Names are
 * the drill's own ({@code [a-z0-9_]}), quoted as identifiers all the same.
 */
public final class ScratchDatabases {

    private final RemoteSql sql;

    public ScratchDatabases(Shell shell, SiteConfig.Drill server) {
        this.sql = new RemoteSql(shell, server.database("information_schema"));
    }

    /** Creates the database, empty, in utf8mb4 (the dump sets each table's own character set). */
    public void create(String name) throws IOException {
        sql.query("CREATE DATABASE " + RemoteSql.identifier(name) + " CHARACTER SET utf8mb4");
    }

    /** Drops the database with everything in it; nothing happens when it does not exist. */
    public void drop(String name) throws IOException {
        sql.query("DROP DATABASE IF EXISTS " + RemoteSql.identifier(name));
    }

    /** The databases whose name starts with {@code prefix} (compared exactly, not as a LIKE pattern). */
    public List<String> named(String prefix) throws IOException {
        return sql.query("SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE LEFT(SCHEMA_NAME, "
                + prefix.length() + ") = " + RemoteSql.literal(prefix)).stream().map(String::strip).toList();
    }

    /** Where the statements run, for messages: {@code user@host:port} (no password). */
    public String describe() {
        SiteConfig.Database db = sql.database();
        return db.user() + "@" + (db.socket() != null ? db.socket() : db.host() + ":" + db.port());
    }
}

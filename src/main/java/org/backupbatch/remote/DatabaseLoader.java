package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.time.Duration;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Pipeline;
import org.backupbatch.ssh.Shell;

/**
 * Loads a gzipped SQL dump into a site's database with the {@code mysql} client run where the
 * database is reachable. The credentials travel first on stdin, exactly as many bytes as the
 * option file has (read with {@code dd}), the gzipped dump after them: never on a command line.
 */
public final class DatabaseLoader {

    private final Shell shell;
    private final Duration timeout;

    public DatabaseLoader(Shell shell, Duration timeout) {
        this.shell = shell;
        this.timeout = timeout;
    }

    public void load(SiteConfig.Database db, InputStream gzippedDump) throws IOException {
        byte[] options = OptionFile.render(db);
        String script = new Pipeline()
                .before(OptionFile.prelude(options.length))
                .stage("gunzip", "gzip -dc")
                .stage("mysql", OptionFile.client("mysql " + OptionFile.DEFAULTS + " " + OptionFile.PACKET + " --binary-mode -D "
                        + quote(db.name())))
                .script();
        CommandResult result = shell.run(script, new SequenceInputStream(new java.io.ByteArrayInputStream(options),
                gzippedDump), OutputStream.nullOutputStream(), timeout);
        Integer gunzip = result.stageStatuses().get("gunzip");
        Integer mysql = result.stageStatuses().get("mysql");
        if (gunzip == null || mysql == null) {
            throw new IOException("loading the dump into " + db.name() + " on " + shell.describe()
                    + " ended before the remote pipeline did: " + result.stderrTail(5));
        }
        if (gunzip != 0 || mysql != 0) {
            throw DatabaseErrors.explain("loading the dump into database " + db.name() + " on " + shell.describe()
                    + " failed (gzip=" + gunzip + " mysql=" + mysql + ")", result, db);
        }
    }
}

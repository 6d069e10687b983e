package org.backupbatch.remote;

import static org.backupbatch.ssh.ShellQuote.quote;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.ConfigurationError;
import org.backupbatch.errors.FatalError;
import org.backupbatch.ssh.CommandResult;
import org.backupbatch.ssh.Shell;

/**
 * The checks of the validate step, run where the site lives: the files folder exists and is
 * readable, GNU tar, gzip, head and find are there (mysqldump too when there is a database), and
 * the database login works. Writes nothing on the server. {@code backup.SiteChecks} runs them, for
 * the backup's validate step and for {@code job=validate} alike.
 */
public final class RemoteChecks {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private final Shell shell;

    public RemoteChecks(Shell shell) {
        this.shell = shell;
    }

    /** @return tool name → first line of its {@code --version} (and {@code system}) */
    public Map<String, String> tools(String remotePath, boolean needsMysqldump) throws IOException {
        Probe probe = probe(remotePath, needsMysqldump);
        probe.requireFolder();
        return probe.requireTools();
    }

    /**
     * What the host has, in one command: whether the files folder can be read, and the version
     * of each tool ({@code MISSING} when absent). {@code pigz} is looked for too, never required.
     */
    public Probe probe(String remotePath, boolean needsMysqldump) throws IOException {
        List<String> tools = needsMysqldump ? List.of("tar", "gzip", "head", "find", "mysqldump")
                : List.of("tar", "gzip", "head", "find");
        StringBuilder script = new StringBuilder("if cd -- " + quote(remotePath) + " && [ -r . ] && [ -x . ]; then "
                + "echo folder=ok; else echo folder=MISSING; fi\n");
        for (String tool : tools) {
            script.append("if command -v ").append(tool).append(" >/dev/null 2>&1; then echo \"").append(tool)
                    .append("=$(").append(tool).append(" --version 2>&1 | head -n 1)\"; else echo \"").append(tool)
                    .append("=MISSING\"; fi\n");
        }
        script.append("command -v pigz >/dev/null 2>&1 && echo \"pigz=$(pigz --version 2>&1 | head -n 1)\"\n");
        script.append("echo \"system=$(uname -srm)\"\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CommandResult result = shell.run(script.toString(), null, out, TIMEOUT);
        if (result.exitStatus() != 0) {
            throw new IOException("checking tools on " + shell.describe() + " failed: " + result.stderrTail(3));
        }
        Map<String, String> found = parse(out.toString(StandardCharsets.UTF_8));
        boolean folder = "ok".equals(found.remove("folder"));
        return new Probe(remotePath, folder, Map.copyOf(found), shell.describe());
    }

    /**
     * What {@link #probe} found.
     *
     * @param folderReadable whether {@code remotePath} is a folder this account can list and enter
     * @param versions       tool name → first line of its {@code --version}, or {@code MISSING};
     *                       {@code pigz} only when installed; {@code system} → {@code uname -srm}
     * @param host           the account, for messages
     */
    public record Probe(String remotePath, boolean folderReadable, Map<String, String> versions, String host) {

        /** @throws ConfigurationError when the files folder cannot be read */
        public void requireFolder() {
            if (!folderReadable) {
                throw new ConfigurationError("files.remote_path: " + remotePath + " is not a readable folder on " + host);
            }
        }

        /**
         * @return the versions, as the manifest records them
         * @throws FatalError when a required tool is missing, or is not the GNU one
         */
        public Map<String, String> requireTools() {
            versions.forEach((tool, version) -> {
                if (version.equals("MISSING")) {
                    throw new FatalError(tool + " is not installed (or not on the PATH) on " + host);
                }
            });
            if (!versions.get("tar").contains("GNU tar")) {
                throw new FatalError("GNU tar is required on " + host + "; found: " + versions.get("tar"));
            }
            if (!versions.get("head").contains("GNU coreutils")) {
                // head -c -1024 (drop the tar end blocks) is a GNU extension
                throw new FatalError("GNU head (coreutils) is required on " + host + "; found: " + versions.get("head"));
            }
            return versions;
        }
    }

    /**
     * Logs in to the database with mysqldump itself, dumping nothing.
     *
     * @return whether routines and events can be dumped too (they need more privileges)
     */
    public boolean databaseLogin(SiteConfig.Database db) throws IOException {
        String probe = "mysqldump " + OptionFile.DEFAULTS + " --no-data --no-create-info --skip-triggers "
                + "--no-tablespaces ";
        byte[] options = OptionFile.render(db);
        String script = OptionFile.prelude(options.length) + "\n"
                + OptionFile.client(probe + "-- " + quote(db.name())) + " >/dev/null\n"
                + "echo \"backup-batch-status login $?\" >&2\n"
                + OptionFile.client(probe + DatabaseDumper.PROGRAMS_FLAGS + " -- " + quote(db.name()))
                + " >/dev/null 2>/dev/null\n"
                + "echo \"backup-batch-status programs $?\" >&2\n";
        CommandResult result = shell.run(script, new ByteArrayInputStream(options),
                java.io.OutputStream.nullOutputStream(), TIMEOUT);
        Integer login = result.stageStatuses().get("login");
        if (login == null) {
            throw new IOException("database check on " + shell.describe() + " did not finish: " + result.stderrTail(3));
        }
        if (login != 0) {
            throw DatabaseErrors.explain("database check on " + shell.describe(), result, db);
        }
        return Integer.valueOf(0).equals(result.stageStatuses().get("programs"));
    }

    private static Map<String, String> parse(String output) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String line : output.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                values.put(line.substring(0, eq), line.substring(eq + 1).strip());
            }
        }
        return values;
    }
}

package org.backupbatch.restore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.SortedPaths;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.FatalError;
import org.backupbatch.remote.FilesCheck;
import org.backupbatch.remote.RemoteSql;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.remote.WordPressOptions;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Checks what the target holds after the restore: every regular file of the backup is there with
 * its size; each table has the rows the backup counted; for WordPress, {@code siteurl} and
 * {@code home} are the target's URL.
 */
class CheckResultTasklet implements Tasklet {

    static final String[] OUTPUTS = {RestoreKeys.CHECKED};

    private static final Logger LOG = LoggerFactory.getLogger(CheckResultTasklet.class);
    private static final int SHOWN = 5;

    private final SiteRegistry sites;

    CheckResultTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        Manifest manifest = ArchiveParts.manifest(run);
        List<String> checked = new ArrayList<>();
        try (Shell shell = SiteShells.open(run.targetConfig())) {
            if (run.parts().contains("files")) {
                checkFiles(run, manifest, shell);
                checked.add("files");
            }
            if (run.parts().contains("db")) {
                SiteConfig.Database db = TargetDatabase.checked(run, shell);
                RemoteSql sql = new RemoteSql(shell, db);
                checked.add(checkRows(manifest, sql) ? "rows" : "tables");
                if (run.targetConfig().site().isWordPress() && checkUrls(run, sql)) {
                    checked.add("url");
                }
            }
        }
        run.outputs().putString(RestoreKeys.CHECKED, String.join(",", checked));
        LOG.info("{}: restore checked: {}", run.target(), String.join(", ", checked));
        return RepeatStatus.FINISHED;
    }

    private static void checkFiles(RestoreRun run, Manifest manifest, Shell shell) throws IOException {
        String path = run.targetConfig().files().remotePath();
        // restored into another site, wp-config.php was rewritten for the target's database
        Set<String> skipped = run.site().equals(run.target()) ? Set.of() : Set.of("./wp-config.php");
        FilesCheck.Differences wrong;
        try (SortedPaths backup = RestoreFilesTasklet.paths(run, manifest)) {
            wrong = new FilesCheck(shell, run.commandTimeout()).compare(path, backup, skipped, run.workFolder(), SHOWN);
        }
        if (wrong.count() > 0) {
            throw new FatalError(wrong.count() + " restored files differ from the backup in " + path + ": "
                    + String.join("; ", wrong.shown()));
        }
    }

    /** @return whether rows were compared (false: the backup did not count them, tables were) */
    private static boolean checkRows(Manifest manifest, RemoteSql sql) throws IOException {
        Map<String, Long> expected = manifest.database().rows();
        if (expected == null) {
            long tables = Long.parseLong(sql.query("SELECT COUNT(*) FROM information_schema.TABLES WHERE "
                    + "TABLE_SCHEMA = DATABASE() AND TABLE_TYPE = 'BASE TABLE'").get(0).strip());
            if (tables < manifest.database().tables()) {
                throw new FatalError("the target database has " + tables + " tables, the backup "
                        + manifest.database().tables());
            }
            return false;
        }
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> table : expected.entrySet()) {
            long rows = Long.parseLong(sql.query("SELECT COUNT(*) FROM " + RemoteSql.identifier(table.getKey()))
                    .get(0).strip());
            if (rows != table.getValue()) {
                wrong.add(table.getKey() + " has " + rows + " rows, the backup " + table.getValue());
            }
        }
        if (!wrong.isEmpty()) {
            throw new FatalError("restored tables differ from the backup: " + String.join("; ", wrong));
        }
        return true;
    }

    /** @return whether siteurl and home were checked (false: no URL known, or no such options) */
    private static boolean checkUrls(RestoreRun run, RemoteSql sql) throws IOException {
        String expected = run.targetConfig().site().url();
        if (expected == null) {
            return false;
        }
        boolean checked = false;
        for (String option : List.of("siteurl", "home")) {
            String value = WordPressOptions.get(sql, option);
            if (value != null && !value.equals(expected)) {
                throw new FatalError("after the restore, option " + option + " of " + run.target() + " is " + value
                        + ", not its URL " + expected);
            }
            checked |= value != null;
        }
        return checked;
    }
}

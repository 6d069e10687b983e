package org.backupbatch.restore;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
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
 * its size; every table of the backup is there with at least the rows the backup counted (a live
 * site writes sessions and transients the moment the load ends: more rows are a warning, fewer a
 * failure); for WordPress, {@code siteurl} and {@code home} are the ones the plan mapped to. When
 * all holds, the restore's work folder, its pin on the source and the target's record go.
 */
class CheckResultTasklet implements Tasklet {

    static final String[] OUTPUTS = {RestoreKeys.CHECKED, RestoreKeys.CHECK_WARNINGS, RestoreKeys.WARNINGS_COUNT};

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
        SiteConfig.Database db = TargetDatabase.checked(run);
        List<String> checked = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        try (Shell shell = SiteShells.open(run.targetConfig())) {
            if (run.parts().contains("files")) {
                checkFiles(run, manifest, shell);
                checked.add("files");
            }
            if (run.parts().contains("db")) {
                RemoteSql sql = new RemoteSql(shell, db);
                checked.add(checkRows(manifest, sql, warnings) ? "rows" : "tables");
                if (run.targetConfig().site().isWordPress() && checkUrls(run, sql)) {
                    checked.add("url");
                }
            }
        }
        warnings.forEach(w -> LOG.warn("{}: {}", run.target(), w));
        List<String> all = new ArrayList<>(planWarnings(run));
        all.addAll(warnings);
        run.outputs().putString(RestoreKeys.CHECKED, String.join(",", checked));
        run.outputs().put(RestoreKeys.CHECK_WARNINGS, new ArrayList<>(warnings));
        run.outputs().putInt(RestoreKeys.WARNINGS_COUNT, all.size());
        LOG.info("{}: restore checked: {}", run.target(), String.join(", ", checked));
        RestoreWork.finish(run);
        return RepeatStatus.FINISHED;
    }

    private static void checkFiles(RestoreRun run, Manifest manifest, Shell shell) throws IOException {
        String path = run.targetConfig().files().remotePath();
        // wp-config.php is the one the plan prepared for the target, not the backup's
        Set<String> skipped = run.job().containsKey(RestoreKeys.WP_CONFIG_SHA) ? Set.of("./wp-config.php") : Set.of();
        FilesCheck.Differences wrong;
        try (SortedPaths backup = RestoreFilesTasklet.paths(run, manifest)) {
            wrong = new FilesCheck(shell, run.commandTimeout()).compare(path, backup, skipped, run.workFolder(), SHOWN);
        }
        if (wrong.count() > 0) {
            throw new FatalError(wrong.count() + " restored files differ from the backup in " + path + ": "
                    + String.join("; ", wrong.shown()));
        }
    }

    @SuppressWarnings("unchecked")
    private static List<String> planWarnings(RestoreRun run) {
        Object warnings = run.job().get(RestoreKeys.PLAN_WARNINGS);
        return warnings == null ? List.of() : (List<String>) warnings;
    }

    /** @return whether rows were compared (false: the backup did not count them, tables were) */
    private static boolean checkRows(Manifest manifest, RemoteSql sql, List<String> warnings) throws IOException {
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
        Set<String> present = new HashSet<>(sql.tableNames());
        List<String> wrong = new ArrayList<>();
        for (Map.Entry<String, Long> table : expected.entrySet()) {
            if (!present.contains(table.getKey())) {
                wrong.add(table.getKey() + " is missing");
                continue;
            }
            long rows = Long.parseLong(sql.query("SELECT COUNT(*) FROM " + RemoteSql.identifier(table.getKey()))
                    .get(0).strip());
            if (rows < table.getValue()) {
                wrong.add(table.getKey() + " has " + rows + " rows, the backup " + table.getValue());
            } else if (rows > table.getValue()) {
                warnings.add("table " + table.getKey() + " has " + (rows - table.getValue()) + " more rows than the "
                        + "backup (" + rows + " against " + table.getValue() + "): written since the load?");
            }
        }
        if (!wrong.isEmpty()) {
            throw new FatalError("restored tables differ from the backup: " + String.join("; ", wrong));
        }
        return true;
    }

    /** @return whether siteurl and home were checked (false: no URL known, or no such options) */
    private static boolean checkUrls(RestoreRun run, RemoteSql sql) throws IOException {
        boolean checked = false;
        for (String[] option : new String[][] {{"siteurl", RestoreKeys.URL_SITEURL}, {"home", RestoreKeys.URL_HOME}}) {
            String expected = run.job().getString(option[1], null);
            if (expected == null) {
                continue;
            }
            String value = WordPressOptions.get(sql, option[0]);
            if (value != null && !value.equals(expected)) {
                throw new FatalError("after the restore, option " + option[0] + " of " + run.target() + " is " + value
                        + ", not " + expected + " as planned");
            }
            checked |= value != null;
        }
        return checked;
    }
}

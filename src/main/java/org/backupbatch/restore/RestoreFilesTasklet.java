package org.backupbatch.restore;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backupbatch.archive.FileSelector;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.Sha256;
import org.backupbatch.archive.Streams;
import org.backupbatch.archive.SortedPaths;
import org.backupbatch.archive.TarContents;
import org.backupbatch.backup.StepTimer;
import org.backupbatch.config.SiteRegistry;
import org.backupbatch.errors.FatalError;
import org.backupbatch.remote.FilesRestorer;
import org.backupbatch.remote.Progress;
import org.backupbatch.remote.SiteShells;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.core.scope.context.ChunkContext;
import org.springframework.batch.core.step.StepContribution;
import org.springframework.batch.core.step.tasklet.Tasklet;
import org.springframework.batch.infrastructure.repeat.RepeatStatus;

/**
 * Restores the files part into the target's folder, checked to be the one the plan recorded
 * (overlay; or mirror: also deleting what both the backup's and the target's patterns select that
 * the backup lacks). For a WordPress target, the backup's wp-config.php is not extracted: the
 * one the plan prepared (pointing at the target's database) is written instead, so the source's
 * credentials never land on the target, not even for a moment.
 */
class RestoreFilesTasklet implements Tasklet {

    static final String[] OUTPUTS = {RestoreKeys.FILES_RESTORED, RestoreKeys.ENTRIES_RESTORED,
        RestoreKeys.FILES_DELETED};

    private static final Logger LOG = LoggerFactory.getLogger(RestoreFilesTasklet.class);
    private static final String WP_CONFIG = "wp-config.php";

    private final SiteRegistry sites;

    RestoreFilesTasklet(SiteRegistry sites) {
        this.sites = sites;
    }

    @Override
    public RepeatStatus execute(StepContribution contribution, ChunkContext chunkContext) throws Exception {
        RestoreRun run = RestoreRun.of(contribution, sites);
        if (!run.parts().contains("files")) {
            return RepeatStatus.FINISHED;
        }
        TargetDatabase.checked(run);
        Manifest manifest = ArchiveParts.manifest(run);
        String path = run.targetConfig().files().remotePath();
        byte[] wpConfig = preparedWpConfig(run);
        try (Shell shell = SiteShells.open(run.targetConfig())) {
            FilesRestorer restorer = new FilesRestorer(shell, run.commandTimeout());
            if (run.mode().equals("mirror")) {
                // before extracting, so that tar sets the folders' mtimes last
                try (SortedPaths kept = paths(run, manifest)) {
                    long deleted = restorer.deleteOthers(path, mirrorSelection(run, manifest), kept, run.workFolder());
                    run.outputs().putLong(RestoreKeys.FILES_DELETED, deleted);
                    LOG.info("{}: mirror: {} paths the backup lacks deleted", run.target(), deleted);
                }
            }
            List<String> excluded = wpConfig == null ? List.of()
                    : List.of("backup-" + manifest.id() + "/files/" + WP_CONFIG);
            Manifest.Member member = manifest.member("files");
            try (Progress progress = Progress.start(run.target() + ": restoring files into " + path,
                    member == null ? 0 : member.length());
                    InputStream files = new Streams.MeteredInput(
                            ArchiveParts.filesAsTarGz(run.plainArchive(), manifest), progress)) {
                restorer.extract(files, path, excluded);
                run.outputs().putLong(StepTimer.BYTES, progress.bytes());
            }
            if (wpConfig != null) {
                restorer.install(path, WP_CONFIG, wpConfig, run.job().getInt(RestoreKeys.WP_CONFIG_MODE),
                        run.job().getLong(RestoreKeys.WP_CONFIG_MTIME));
                LOG.info("{}: wp-config.php written as the plan prepared it", run.target());
            }
        }
        run.outputs().putLong(RestoreKeys.FILES_RESTORED, manifest.files().regularFiles());
        run.outputs().putLong(RestoreKeys.ENTRIES_RESTORED, manifest.files().entries());
        LOG.info("{}: {} entries restored into {}", run.target(), manifest.files().entries(), path);
        return RepeatStatus.FINISHED;
    }

    /** The wp-config.php the plan prepared, checked unchanged; null when none is rewritten. */
    private static byte[] preparedWpConfig(RestoreRun run) throws IOException {
        String sha = run.job().getString(RestoreKeys.WP_CONFIG_SHA, null);
        if (sha == null) {
            return null;
        }
        Path file = run.workFolder().resolve(WP_CONFIG);
        if (!Files.isRegularFile(file) || !Sha256.of(file).equals(sha)) {
            throw new FatalError("the wp-config.php the plan prepared in " + file + " is missing or changed; "
                    + "start the restore over with fresh=yes");
        }
        return Files.readAllBytes(file);
    }

    /**
     * What mirror may delete: what both the backup's patterns and the target's select; for the
     * target's own safety snapshot, what the snapshot's patterns select (it was taken to undo a
     * restore, whatever the target's patterns leave out).
     */
    private static List<FileSelector> mirrorSelection(RestoreRun run, Manifest manifest) {
        List<FileSelector> selectors = new ArrayList<>();
        selectors.add(new FileSelector(manifest.files().includePatterns(), manifest.files().excludePatterns()));
        boolean ownSnapshot = Manifest.KIND_PRE_RESTORE.equals(manifest.kind()) && manifest.site().equals(run.target());
        if (!ownSnapshot) {
            selectors.add(new FileSelector(run.targetConfig().files().includePatterns(),
                    run.targetConfig().files().excludePatterns()));
        }
        return selectors;
    }

    /** The backup's paths, sorted in a file of the restore's work folder; the caller closes the list. */
    static SortedPaths paths(RestoreRun run, Manifest manifest) throws IOException {
        try (InputStream in = ArchiveParts.member(run.plainArchive(), manifest, "files")) {
            return TarContents.paths(in, "backup-" + manifest.id() + "/files", run.workFolder());
        }
    }
}

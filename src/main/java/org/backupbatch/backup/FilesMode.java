package org.backupbatch.backup;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.backupbatch.archive.Manifest;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;

/**
 * Whether tonight's files are taken in full or incrementally (issue 15), and against which
 * backup: {@code backup.mode: auto} is incremental when the site's newest complete backup before
 * this one ({@link ReferenceBackup}) took the same folder with the same patterns in this archive
 * format, is not encrypted, and its last full backup is younger than {@code full_every_days};
 * otherwise full, and {@link #reason} says why. An incremental night checks content (the host's
 * sha256 of the files the listing calls unchanged) when the last check, or the last full backup,
 * is {@code content_check_every_days} old.
 *
 * @param reference    the backup to build on; null when full
 * @param contentCheck whether to compare the host's sums tonight
 * @param reason       why tonight is full; null when incremental
 */
record FilesMode(ReferenceBackup reference, boolean contentCheck, String reason) {

    boolean incremental() {
        return reference != null;
    }

    static FilesMode full(String reason) {
        return new FilesMode(null, false, reason);
    }

    /**
     * Chooses for a backup of {@code current}, taking {@code remotePath} with these patterns.
     *
     * @param snapshot whether this is a restore's safety snapshot (always full: it takes what the restore chose)
     */
    static FilesMode choose(SiteConfig.Incremental settings, BackupFiles current, String remotePath,
            List<String> includes, List<String> excludes, boolean snapshot, boolean encrypted) {
        if (SiteConfig.Incremental.FULL.equals(settings.mode())) {
            return full("backup.mode is full");
        }
        if (snapshot) {
            return full("a restore's safety snapshot is always full");
        }
        if (encrypted) {
            return full("archives are encrypted at rest: no member can be taken over");
        }
        ReferenceBackup.Choice choice = ReferenceBackup.find(current, m -> unusable(m, remotePath, includes, excludes));
        if (!choice.found()) {
            return full(choice.reason());
        }
        ReferenceBackup ref = choice.reference();
        Manifest.Transfer transfer = ref.manifest().transfer();
        Instant now = current.id().time();
        String lastFull = transfer == null ? ref.id() : transfer.lastFull();
        if (due(settings.fullEveryDays(), lastFull, now)) {
            return full("the last full backup (" + lastFull + ") is " + settings.fullEveryDays()
                    + " days old or more (backup.full_every_days)");
        }
        if (ref.manifest().filesIndex() != null && !Files.isRegularFile(ref.files().filesIndex())) {
            return full("the entry map of backup " + ref.id() + " is missing (" + ref.files().filesIndex() + ")");
        }
        String checked = transfer == null ? ref.id() : transfer.contentChecked();
        return new FilesMode(ref, due(settings.contentCheckEveryDays(), checked, now), null);
    }

    /** Why a backup's manifest cannot serve tonight's files, or null when it can. */
    static String unusable(Manifest m, String remotePath, List<String> includes, List<String> excludes) {
        if (m.formatVersion() != Manifest.FORMAT_VERSION) {
            return "archive format " + m.formatVersion() + ", not " + Manifest.FORMAT_VERSION;
        }
        Manifest.FilesPart files = m.files();
        if (files == null || m.members() == null || m.member(Manifest.FILES) == null) {
            return "it has no files part";
        }
        if (!Objects.equals(files.remotePath(), remotePath) || !Objects.equals(files.includePatterns(), includes)
                || !Objects.equals(files.excludePatterns(), excludes)) {
            return "it took another folder or other patterns";
        }
        return null;
    }

    /** Whether {@code days} have passed since backup {@code id} (less an hour); 0 days: every run. */
    private static boolean due(int days, String id, Instant now) {
        Instant then = id == null ? Instant.EPOCH : BackupId.parse(id).map(BackupId::time).orElse(Instant.EPOCH);
        // an hour's grace: a nightly run that starts a little earlier than last week's still counts a week
        return Duration.between(then, now).compareTo(Duration.ofDays(days).minusHours(1)) >= 0;
    }
}

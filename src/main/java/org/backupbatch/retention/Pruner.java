package org.backupbatch.retention;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.backupbatch.archive.Manifest;

/**
 * Applies a site's {@link RetentionPolicy} to its folder: the one code path of {@code job=prune}
 * and of the backup's last step. The caller holds the site's lock, so no backup of the site and
 * no restore into it is going on. What it never deletes, whatever the policy says:
 * <ul>
 * <li>the newest complete backup (the policy keeps it);</li>
 * <li>a backup a restore or drill holds: a pin file in {@code .pins/}, or a hard link to its
 * files (a restore reads its source through links in its own work folder, which may be another
 * site's: the link count is what shows them all);</li>
 * <li>anything but this site's complete backups ({@link BackupCatalog}), and of those, one whose
 * manifest cannot be read or names another site;</li>
 * <li>an unfinished backup's work ({@code .work/<id>}) while a run may resume it: only work older
 * than the newest complete backup goes (a later backup superseded that run); a restore's work
 * ({@code .work/restore-*}) is never touched.</li>
 * </ul>
 */
public final class Pruner {

    /** One decision: what (a backup id, or a work folder), whether it stays, and why. */
    public record Line(String subject, boolean keep, String reason) {

        /** {@code 20261103T031500Z kept: daily 2026-11-03}; a dry run says {@code would remove:}. */
        public String describe(boolean dryRun) {
            return subject + (keep ? " kept: " : dryRun ? " would remove: " : " removed: ") + reason;
        }
    }

    /** What a prune did (or, dry, would do): kept and removed backups, removed unfinished work. */
    public record Outcome(int kept, int removed, int workRemoved) {
    }

    private final Path siteFolder;
    private final String site;
    private final boolean dryRun;
    private final Consumer<Line> report;
    private int kept;
    private int removed;
    private int workRemoved;

    /**
     * @param report told of each decision as it is made (and, in a real run, acted on)
     */
    public Pruner(Path siteFolder, String site, boolean dryRun, Consumer<Line> report) {
        this.siteFolder = siteFolder;
        this.site = site;
        this.dryRun = dryRun;
        this.report = report;
    }

    /** Decides about every backup and unfinished work of the site, and acts unless dry. */
    public Outcome prune(RetentionPolicy policy, Instant now) throws IOException {
        kept = 0;
        removed = 0;
        workRemoved = 0;
        Map<BackupId, BackupFiles> files = new LinkedHashMap<>();
        List<RetentionPolicy.Candidate> candidates = candidates(files);
        List<RetentionPolicy.Decision> decisions = policy.apply(candidates, now);
        for (RetentionPolicy.Decision d : decisions) {
            act(files.get(d.backup().id()), d);
        }
        Instant newest = decisions.stream().filter(d -> !d.backup().snapshot()).map(d -> d.backup().id().time())
                .findFirst().orElse(null);
        cleanWork(newest);
        return new Outcome(kept, removed, workRemoved);
    }

    private void act(BackupFiles b, RetentionPolicy.Decision d) throws IOException {
        String held = d.keep() ? null : holder(b);
        if (d.keep()) {
            keep(b.id().value(), d.reason());
        } else if (held != null) {
            keep(b.id().value(), held + "; the policy alone would remove it (" + d.reason() + ")");
        } else {
            if (!dryRun) {
                for (Path file : b.files()) { // the .sha256 first: from then on it is no complete backup
                    Files.deleteIfExists(file);
                }
            }
            removed++;
            report.accept(new Line(b.id().value(), false, d.reason()));
        }
    }

    private void keep(String subject, String reason) {
        kept++;
        report.accept(new Line(subject, true, reason));
    }

    /** Why the backup is held against pruning, or null. */
    private static String holder(BackupFiles b) throws IOException {
        if (b.isPinned()) {
            return "a restore or drill holds it (pin file in .pins/)";
        }
        for (Path file : List.of(b.archive(), b.manifest(), b.checksum())) {
            Object links;
            try {
                links = Files.getAttribute(file, "unix:nlink");
            } catch (UnsupportedOperationException e) {
                return null; // no link counts on this file system: pin files are the only hold
            }
            if (links instanceof Integer n && n > 1) {
                return "a restore or drill holds it (" + file.getFileName() + " has " + n + " hard links)";
            }
        }
        return null;
    }

    /**
     * This site's backups for the policy, with their kind read from the manifest; a backup whose
     * manifest cannot be read or names another site is kept and left out.
     */
    private List<RetentionPolicy.Candidate> candidates(Map<BackupId, BackupFiles> files) throws IOException {
        List<RetentionPolicy.Candidate> candidates = new ArrayList<>();
        for (BackupFiles b : BackupCatalog.complete(siteFolder, site)) {
            Manifest m;
            try {
                m = Manifest.fromJson(Files.readAllBytes(b.manifest()));
            } catch (IOException e) {
                keep(b.id().value(), "not pruned: its manifest cannot be read (" + e.getClass().getSimpleName() + ")");
                continue;
            }
            if (m.site() != null && !m.site().equals(site)) {
                keep(b.id().value(), "not pruned: its manifest names site " + m.site());
            } else {
                files.put(b.id(), b);
                candidates.add(new RetentionPolicy.Candidate(b.id(), Manifest.KIND_PRE_RESTORE.equals(m.kind())));
            }
        }
        return candidates;
    }

    /** {@code .work/<id>} of backups older than the newest complete one: runs that will never resume. */
    private void cleanWork(Instant newestComplete) throws IOException {
        Path works = siteFolder.resolve(".work");
        if (!Files.isDirectory(works)) {
            return;
        }
        List<BackupId> ids;
        try (var entries = Files.list(works)) {
            ids = entries.filter(Files::isDirectory).flatMap(p -> BackupId.parse(p.getFileName().toString()).stream())
                    .sorted((a, b) -> b.time().compareTo(a.time())).toList();
        }
        for (BackupId id : ids) {
            String subject = ".work/" + id.value();
            if (newestComplete == null || !id.time().isBefore(newestComplete)) {
                report.accept(new Line(subject, true, "unfinished backup: the next job=backup resumes it"));
                continue;
            }
            if (!dryRun) {
                new BackupFiles(siteFolder, site, id).discardWork();
            }
            workRemoved++;
            report.accept(new Line(subject, false, "unfinished backup older than the newest complete one"));
        }
    }
}

package org.backupbatch.backup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.remote.DatabaseDumper;
import org.backupbatch.remote.IncrementalDumper;
import org.backupbatch.remote.TableSelection;
import org.backupbatch.ssh.Shell;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * The dump step's part for {@code database.incremental: tables}: which reference backup the
 * unchanged tables are copied from, and what the step records of the sections. A reference is
 * the site's newest complete backup ({@link ReferenceBackup}) whose manifest has the sections
 * and that dumped the same database with the same choice of tables; without one, every section
 * is sent (and the next night has one).
 */
final class IncrementalDump {

    private static final Logger LOG = LoggerFactory.getLogger(IncrementalDump.class);
    private static final String SECTIONS_FILE = "database.sections.json";

    private IncrementalDump() {
    }

    /** Whether this run dumps by sections: the site asks for it, and this is a backup (not a restore's snapshot). */
    static boolean applies(BackupRun run, SiteConfig.Database db) {
        return db.incremental() == SiteConfig.DatabaseIncremental.TABLES && !run.isSnapshot();
    }

    static IncrementalDumper.Result dump(BackupRun run, Shell shell, SiteConfig.Database db, TableSelection selection,
            boolean programs) throws IOException {
        return new IncrementalDumper(shell, run.commandTimeout(), run.compressor())
                .dump(db, selection, programs, run.files().workFolder(), reference(run, db, selection));
    }

    /** The reference to copy from, or null (then why is logged). */
    static IncrementalDumper.Reference reference(BackupRun run, SiteConfig.Database db, TableSelection selection) {
        ReferenceBackup.Choice choice = ReferenceBackup.find(run.files(), manifest -> unusable(manifest, db, selection));
        if (!choice.found()) {
            LOG.info("{}: database: no reference ({}): every table is sent", run.site(), choice.reason());
            return null;
        }
        ReferenceBackup ref = choice.reference();
        return new IncrementalDumper.Reference(ref.id(), ref.files().plainArchive(),
                ref.manifest().database().sections());
    }

    /** Why a backup's manifest cannot serve as this dump's reference; null when it can. */
    static String unusable(Manifest manifest, SiteConfig.Database db, TableSelection selection) {
        Manifest.DatabasePart part = manifest.database();
        if (part == null) {
            return "it has no database";
        }
        if (part.sections() == null) {
            return "its dump was not cut into tables (database.incremental was none)";
        }
        if (!Objects.equals(part.name(), db.name())) {
            return "it dumped database " + part.name() + ", not " + db.name();
        }
        if (!Objects.equals(part.tablePrefix(), selection.prefix()) || !selection.extra().isEmpty()) {
            return "it took other tables (table prefix " + part.tablePrefix() + ", now " + selection.prefix() + ")";
        }
        return null;
    }

    /** Records the sections (or that there are none), the reference and the bytes moved. */
    static void record(ExecutionContext out, BackupRun run, DatabaseDumper.Result result,
            IncrementalDumper.Result incremental) throws IOException {
        out.put(BackupKeys.DB_SECTIONED, incremental != null);
        out.putLong(BackupKeys.DB_TRANSFERRED, incremental == null ? result.compressedBytes() : incremental.transferred());
        out.putLong(BackupKeys.DB_REUSED, incremental == null ? 0 : incremental.reused());
        out.remove(BackupKeys.DB_REFERENCE);
        out.remove(BackupKeys.DB_SECTIONS);
        out.remove(BackupKeys.DB_SECTIONS_SHA);
        if (incremental == null) {
            return;
        }
        Path file = run.files().workFolder().resolve(SECTIONS_FILE);
        PrivateFiles.write(file, Manifest.sectionsJson(incremental.sections()));
        out.putString(BackupKeys.DB_SECTIONS, file.toString());
        out.putString(BackupKeys.DB_SECTIONS_SHA, Sha256.of(file));
        if (incremental.reference() != null) {
            out.putString(BackupKeys.DB_REFERENCE, incremental.reference());
        }
        out.put(BackupKeys.DB_WARNINGS, new ArrayList<>(incremental.warnings()));
        LOG.info("{}: database: {} sections, {} bytes transferred, {} reused from {}", run.site(),
                incremental.sections().size(), incremental.transferred(), incremental.reused(),
                incremental.reference() == null ? "no reference" : "backup " + incremental.reference());
    }

    /**
     * The sections for the manifest, their offsets moved into the archive, or null when the dump
     * was not cut.
     *
     * @param databaseOffset where the database member starts in the archive
     */
    static List<Manifest.DatabaseSection> sections(ExecutionContext ctx, long databaseOffset) throws IOException {
        if (!Boolean.TRUE.equals(ctx.get(BackupKeys.DB_SECTIONED))) {
            return null;
        }
        byte[] json = java.nio.file.Files.readAllBytes(Path.of(ctx.getString(BackupKeys.DB_SECTIONS)));
        return Manifest.sectionsFromJson(json).stream().map(s -> s.movedBy(databaseOffset)).toList();
    }
}

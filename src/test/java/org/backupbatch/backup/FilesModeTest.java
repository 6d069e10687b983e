package org.backupbatch.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.Sha256;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.retention.BackupFiles;
import org.backupbatch.retention.BackupId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which nights are full and which incremental, and against what (issue 15). */
class FilesModeTest {

    private static final SiteConfig.Incremental AUTO = SiteConfig.Incremental.DEFAULT;
    private static final Instant NOW = Instant.parse("2026-12-08T03:00:00Z");

    @TempDir
    Path site;

    private BackupFiles published(Instant when, Manifest.Transfer transfer, List<String> excludes) throws IOException {
        BackupFiles b = new BackupFiles(site, "blog", BackupId.of(when));
        Files.write(b.plainArchive(), new byte[] {1, 2, 3});
        Manifest m = new Manifest(Manifest.FORMAT_VERSION, "blog", b.id().value(), when.toString(), "t", Map.of(),
                new Manifest.FilesPart("/www", List.of(), excludes, 1, 0, 1, 0, 0), null, List.of(),
                List.of(new Manifest.Member(Manifest.FILES, 0, 3, "x")), Manifest.KIND_BACKUP, null, null, null,
                "gzip -6", transfer, null);
        Files.write(b.manifest(), m.toJson());
        Files.writeString(b.checksum(), Sha256.of(b.plainArchive()) + "  " + b.plainArchive().getFileName() + "\n",
                StandardCharsets.UTF_8);
        return b;
    }

    private FilesMode choose(SiteConfig.Incremental settings, List<String> excludes) {
        return FilesMode.choose(settings, new BackupFiles(site, "blog", BackupId.of(NOW)), "/www", List.of(), excludes,
                false, false);
    }

    @Test
    void firstBackupIsFullAndTheNextOneIncrementalAgainstIt() throws IOException {
        // given
        assertThat(choose(AUTO, List.of()).reason()).contains("no complete backup");
        BackupFiles last = published(NOW.minusSeconds(86_400), null, List.of());
        // when
        FilesMode mode = choose(AUTO, List.of());
        // then
        assertThat(mode.incremental()).isTrue();
        assertThat(mode.reference().id()).isEqualTo(last.id().value());
        assertThat(mode.contentCheck()).isFalse();
    }

    @Test
    void fullWhenAskedWhenPatternsChangedOrWhenTheLastFullIsAWeekOld() throws IOException {
        // given
        published(NOW.minusSeconds(86_400), new Manifest.Transfer("incremental", "x", 1, 1,
                BackupId.of(NOW.minusSeconds(7 * 86_400 - 600)).value(), BackupId.of(NOW.minusSeconds(86_400)).value()),
                List.of());
        // then
        assertThat(choose(new SiteConfig.Incremental("full", 7, 7), List.of()).reason()).contains("backup.mode is full");
        assertThat(choose(AUTO, List.of("*.log")).reason()).contains("other patterns");
        assertThat(choose(AUTO, List.of()).reason()).contains("full_every_days");
        assertThat(choose(new SiteConfig.Incremental("auto", 8, 7), List.of()).incremental()).isTrue();
        assertThat(FilesMode.choose(AUTO, new BackupFiles(site, "blog", BackupId.of(NOW)), "/www", List.of(),
                List.of(), true, false).reason()).contains("snapshot");
        assertThat(FilesMode.choose(AUTO, new BackupFiles(site, "blog", BackupId.of(NOW)), "/www", List.of(),
                List.of(), false, true).reason()).contains("encrypted");
    }

    @Test
    void contentCheckIsDueAfterItsDaysAndEveryNightWithZero() throws IOException {
        // given: the last check five days ago
        published(NOW.minusSeconds(86_400), new Manifest.Transfer("incremental", "x", 1, 1,
                BackupId.of(NOW.minusSeconds(6 * 86_400)).value(), BackupId.of(NOW.minusSeconds(5 * 86_400)).value()),
                List.of());
        // then
        assertThat(choose(new SiteConfig.Incremental("auto", 30, 5), List.of()).contentCheck()).isTrue();
        assertThat(choose(new SiteConfig.Incremental("auto", 30, 6), List.of()).contentCheck()).isFalse();
        assertThat(choose(new SiteConfig.Incremental("auto", 30, 0), List.of()).contentCheck()).isTrue();
    }

    @Test
    void referenceWhoseArchiveChangedFailsItsCheck() throws IOException {
        // given
        BackupFiles last = published(NOW.minusSeconds(86_400), null, List.of());
        FilesMode mode = choose(AUTO, List.of());
        // when
        Files.write(last.plainArchive(), new byte[] {1, 2, 4});
        // then
        assertThatThrownBy(() -> mode.reference().check()).isInstanceOf(ReferenceBackup.Unusable.class)
                .hasMessageContaining("fails its check");
        Files.delete(last.plainArchive());
        assertThatThrownBy(() -> mode.reference().check()).hasMessageContaining("is gone");
    }
}

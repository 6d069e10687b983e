package org.backupbatch.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Publishing a verified backup so that a power cut leaves either no complete backup or a whole
 * one: every file forced to disk before any rename, the {@code .sha256} renamed last, the folder
 * forced after the renames, all files owner-only.
 */
class BackupFilesPublishTest {

    private static final String SHA = "ab".repeat(32);

    @TempDir
    Path siteFolder;

    /** Records every call, then makes it on the disk (or fails the one named). */
    private static final class Recorder implements PublishCalls {
        final List<String> calls = new ArrayList<>();
        private final String failing;

        Recorder(String failing) {
            this.failing = failing;
        }

        @Override
        public void force(Path path) throws IOException {
            calls.add("force " + path.getFileName());
            PublishCalls.DISK.force(path);
        }

        @Override
        public void rename(Path from, Path to) throws IOException {
            String call = "rename " + from.getFileName() + " -> " + to.getFileName();
            if (call.equals(failing)) {
                throw new IOException("power cut");
            }
            calls.add(call);
            PublishCalls.DISK.rename(from, to);
        }
    }

    @Test
    void forcesEveryFileThenRenamesTheChecksumLastAndForcesTheFolder() throws IOException {
        // given
        BackupFiles backup = backup();
        Path archive = work(backup, "backup-blog-20261129T032551Z.tar.gz.part");
        Path manifest = work(backup, "manifest.json");
        Recorder recorder = new Recorder(null);
        // when
        backup.publish(archive, manifest, SHA, recorder);
        // then
        String folder = siteFolder.getFileName().toString();
        assertThat(recorder.calls).containsExactly(
                "force manifest.json",
                "force backup-blog-20261129T032551Z.tar.gz.part",
                "force sha256",
                "rename manifest.json -> backup-blog-20261129T032551Z.manifest.json",
                "rename backup-blog-20261129T032551Z.tar.gz.part -> backup-blog-20261129T032551Z.tar.gz",
                "force " + folder,
                "rename sha256 -> backup-blog-20261129T032551Z.sha256",
                "force " + folder);
        assertThat(Files.readString(backup.checksum())).isEqualTo(SHA + "  backup-blog-20261129T032551Z.tar.gz\n");
        assertThat(backup.publishedSha256()).isEqualTo(SHA);
        assertThat(siteFolder.resolve(".work")).doesNotExist();
    }

    @Test
    void theChecksumAppearsInTheFolderAfterTheArchiveAndTheManifest() throws Exception {
        // given
        BackupFiles backup = backup();
        Path archive = work(backup, "backup-blog-20261129T032551Z.tar.gz.part");
        Path manifest = work(backup, "manifest.json");
        List<String> created = new ArrayList<>();
        try (WatchService watcher = FileSystems.getDefault().newWatchService()) {
            siteFolder.register(watcher, StandardWatchEventKinds.ENTRY_CREATE);
            // when
            backup.publish(archive, manifest, SHA);
            // then
            for (WatchKey key = watcher.poll(5, TimeUnit.SECONDS); key != null && created.size() < 3;
                    key = watcher.poll(1, TimeUnit.SECONDS)) {
                for (WatchEvent<?> event : key.pollEvents()) {
                    created.add(event.context().toString());
                }
                key.reset();
            }
        }
        assertThat(created).containsExactly("backup-blog-20261129T032551Z.manifest.json",
                "backup-blog-20261129T032551Z.tar.gz", "backup-blog-20261129T032551Z.sha256");
    }

    @Test
    void theChecksumIsMadeOwnerOnly() throws IOException {
        // given
        BackupFiles backup = backup();
        Path archive = work(backup, "backup-blog-20261129T032551Z.tar.gz.part");
        Path manifest = work(backup, "manifest.json");
        // when
        backup.publish(archive, manifest, SHA);
        // then: (the archive and manifest keep the 0600 they were made with: FilesAtRestIT)
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup.checksum())))
                .isEqualTo("rw-------");
    }

    @Test
    void aCutBeforeTheChecksumIsRenamedLeavesNoCompleteBackup() throws IOException {
        // given
        BackupFiles backup = backup();
        Path archive = work(backup, "backup-blog-20261129T032551Z.tar.gz.part");
        Path manifest = work(backup, "manifest.json");
        Recorder recorder = new Recorder("rename sha256 -> backup-blog-20261129T032551Z.sha256");
        // when
        assertThatThrownBy(() -> backup.publish(archive, manifest, SHA, recorder)).hasMessage("power cut");
        // then
        assertThat(BackupCatalog.complete(siteFolder, "blog")).isEmpty();
        assertThat(backup.publishedSha256()).isNull();
        assertThat(recorder.calls).doesNotContain("rename sha256 -> backup-blog-20261129T032551Z.sha256");
    }

    @Test
    void aChecksumThatNamesAnotherArchiveIsNotThisBackupsPublication() throws IOException {
        // given
        BackupFiles backup = backup();
        Files.writeString(backup.checksum(), SHA + "  backup-blog-20261128T032551Z.tar.gz\n");
        // when
        String published = backup.publishedSha256();
        // then
        assertThat(published).isNull();
    }

    @Test
    void withdrawingRemovesOnlyTheChecksum() throws IOException {
        // given
        BackupFiles backup = backup();
        backup.publish(work(backup, "a.part"), work(backup, "manifest.json"), SHA);
        // when
        backup.withdraw();
        // then
        assertThat(backup.checksum()).doesNotExist();
        assertThat(backup.archive()).exists();
        assertThat(backup.manifest()).exists();
    }

    private BackupFiles backup() {
        return new BackupFiles(siteFolder, "blog", BackupId.parse("20261129T032551Z").orElseThrow());
    }

    private static Path work(BackupFiles backup, String name) throws IOException {
        Files.createDirectories(backup.workFolder());
        return Files.writeString(backup.workFolder().resolve(name), name);
    }
}

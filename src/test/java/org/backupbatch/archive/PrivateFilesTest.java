package org.backupbatch.archive;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The modes of what the tool writes. The JVM's umask cannot be changed from here: the test JVM's
 * usual 022 would give 0644 files and 0755 folders, and {@code FilesAtRestIT} runs the jar under
 * {@code umask 022} on purpose.
 */
class PrivateFilesTest {

    @TempDir
    Path tmp;

    @Test
    void foldersAndTheirMissingParentsAreMadeOwnerOnly() throws IOException {
        // given
        Path folder = tmp.resolve("backups/blog/.work/20261129T032551Z");
        // when
        PrivateFiles.folder(folder);
        // then
        for (Path made : new Path[] {tmp.resolve("backups"), tmp.resolve("backups/blog"), folder}) {
            assertThat(PrivateFiles.mode(made)).as(made.toString()).isEqualTo("rwx------");
        }
        assertThat(PrivateFiles.readableByOthers(folder)).isFalse();
    }

    @Test
    void anExistingFolderIsLeftAsItIs() throws IOException {
        // given
        Path folder = Files.createDirectory(tmp.resolve("shared"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
        // when
        PrivateFiles.folder(folder.resolve("blog"));
        // then
        assertThat(PrivateFiles.mode(folder)).isEqualTo("rwxr-xr-x");
        assertThat(PrivateFiles.readableByOthers(folder)).isTrue();
        assertThat(PrivateFiles.mode(folder.resolve("blog"))).isEqualTo("rwx------");
    }

    @Test
    void everyWayOfWritingMakesTheFile0600() throws IOException {
        // given
        Path folder = tmp.resolve("work");
        // when
        Path written = PrivateFiles.write(folder.resolve("manifest.json"), "{}".getBytes(StandardCharsets.UTF_8));
        Path streamed = folder.resolve("files.tar.gz.part");
        try (OutputStream out = PrivateFiles.newOutputStream(streamed)) {
            out.write(1);
        }
        Path touched = PrivateFiles.touch(tmp.resolve("logs/backup-batch.log"));
        Path temporary = PrivateFiles.tempFile(tmp.resolve("sorter"), "paths-", ".run");
        Path locked = PrivateFiles.folder(tmp.resolve("locks")).resolve("blog.lock");
        try (FileChannel channel = PrivateFiles.channel(locked, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        // then
        for (Path file : new Path[] {written, streamed, touched, temporary, locked}) {
            assertThat(PrivateFiles.mode(file)).as(file.toString()).isEqualTo("rw-------");
        }
        assertThat(PrivateFiles.mode(tmp.resolve("logs"))).isEqualTo("rwx------");
        assertThat(Files.readString(written)).isEqualTo("{}");
    }

    @Test
    void aPartLeftOpenToOthersByAnEarlierRunIsNarrowedBeforeItIsRewritten() throws IOException {
        // given
        Path part = Files.writeString(tmp.resolve("database.sql.gz.part"), "old and longer");
        Files.setPosixFilePermissions(part, PosixFilePermissions.fromString("rw-r--r--"));
        // when
        try (OutputStream out = PrivateFiles.newOutputStream(part)) {
            out.write("new".getBytes(StandardCharsets.UTF_8));
        }
        // then
        assertThat(PrivateFiles.mode(part)).isEqualTo("rw-------");
        assertThat(Files.readString(part)).isEqualTo("new");
    }

    @Test
    void touchLeavesAnExistingLogAsItIs() throws IOException {
        // given
        Path log = Files.writeString(tmp.resolve("backup-batch.log"), "line\n");
        // when
        PrivateFiles.touch(log);
        // then
        assertThat(Files.readString(log)).isEqualTo("line\n");
    }
}

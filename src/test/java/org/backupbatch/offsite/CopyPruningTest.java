package org.backupbatch.offsite;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.config.SiteConfig;
import org.junit.jupiter.api.Test;

/** A copy's retention: the local policy, and what is never deleted on the copy. */
class CopyPruningTest {

    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    /** A copy's folder as a set of names: what the stores list and delete. */
    private static final class Folder implements CopyStore {

        final TreeSet<String> names = new TreeSet<>();
        final List<String> deleted = new ArrayList<>();

        Folder with(String... added) {
            names.addAll(List.of(added));
            return this;
        }

        @Override
        public boolean upload(Path file, String name, UploadState state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public InputStream readBack(String name, UploadState state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void publish(String name, UploadState state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void discard(String name, UploadState state) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<String> list() {
            return List.copyOf(names);
        }

        @Override
        public InputStream open(String name) {
            return new ByteArrayInputStream(new byte[0]);
        }

        @Override
        public void delete(String name) {
            names.remove(name);
            deleted.add(name);
        }

        @Override
        public String describe() {
            return "test folder";
        }

        @Override
        public void close() {
        }
    }

    private static String[] backup(String id) {
        return new String[] {"backup-blog-" + id + ".tar.gz", "backup-blog-" + id + ".manifest.json",
                "backup-blog-" + id + ".sha256"};
    }

    private static OffsiteCopy copy(int days, int keepLast) {
        SiteConfig.Retention rules = new SiteConfig.Retention(keepLast, 0, 0, 0, 0, 0, 7);
        return new OffsiteCopy.Sftp("nas", "h", 22, "u", Path.of("/k"), null, Path.of("/kh"),
                org.backupbatch.config.HostKeyPolicy.STRICT, "p", 30, new OffsiteCopy.Keep(days, rules));
    }

    @Test
    void removesWhatThePolicyDropsShaFirstAndNeverAnUnfinishedUploadNorAnotherFile() throws Exception {
        // given: three complete backups, an unfinished one (no .sha256), another site's and a stray file
        Folder folder = new Folder().with(backup("20261130T000000Z")).with(backup("20261120T000000Z"))
                .with(backup("20261001T000000Z")).with("backup-blog-20250101T000000Z.tar.gz")
                .with("backup-shop-20200101T000000Z.sha256", "notes.txt");
        List<String> lines = new ArrayList<>();
        // when: keep 30 days
        int removed = CopyPruning.prune(copy(30, 0), "blog", (c, s) -> folder, false, NOW, lines::add);
        // then
        assertThat(removed).isEqualTo(1);
        assertThat(folder.deleted).containsExactly("backup-blog-20261001T000000Z.sha256",
                "backup-blog-20261001T000000Z.tar.gz", "backup-blog-20261001T000000Z.manifest.json");
        assertThat(folder.names).contains("backup-blog-20250101T000000Z.tar.gz",
                "backup-shop-20200101T000000Z.sha256", "notes.txt");
        assertThat(lines).contains("nas: 20261130T000000Z kept: newest backup")
                .anyMatch(l -> l.startsWith("nas: 20261001T000000Z removed: "));
    }

    @Test
    void theNewestCompleteBackupStaysWhateverThePolicy() throws Exception {
        // given: one old backup, a one-day policy
        Folder folder = new Folder().with(backup("20200101T000000Z"));
        // when
        int removed = CopyPruning.prune(copy(1, 0), "blog", (c, s) -> folder, false, NOW, line -> { });
        // then
        assertThat(removed).isZero();
        assertThat(folder.names).hasSize(3);
    }

    @Test
    void aDryRunDecidesButDeletesNothing() throws Exception {
        Folder folder = new Folder().with(backup("20261130T000000Z")).with(backup("20261001T000000Z"));
        List<String> lines = new ArrayList<>();
        int removed = CopyPruning.prune(copy(0, 1), "blog", (c, s) -> folder, true, NOW, lines::add);
        assertThat(removed).isEqualTo(1);
        assertThat(folder.deleted).isEmpty();
        assertThat(lines).anyMatch(l -> l.startsWith("nas: 20261001T000000Z would remove: "));
    }
}

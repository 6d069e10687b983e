package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backupbatch.archive.Sha256;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.errors.FatalError;
import org.backupbatch.offsite.CopyStore;
import org.backupbatch.offsite.OffsiteUpload;
import org.backupbatch.offsite.UploadState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@link OffsiteUpload}'s read-back against S3Mock: an object altered on the server after its
 * upload (here, overwritten by another client just before the read-back) is caught, removed, and
 * sent again by the next run; the state holds no credential.
 */
class OffsiteReadBackIT {

    private static final String SECRET = "readback-secret-key-0042";

    @TempDir
    Path tmp;

    private S3Client s3;
    private String bucket;

    @BeforeEach
    void setUp() {
        s3 = OffsiteEnv.s3();
        bucket = OffsiteEnv.bucket(s3, "readback");
    }

    @AfterEach
    void tearDown() {
        OffsiteEnv.drop(s3, bucket);
        s3.close();
    }

    @Test
    void anObjectAlteredOnTheServerIsCaughtRemovedAndSentAgain() throws Exception {
        // given: a published backup of 7 MiB (two 5 MiB parts), and a server-side alteration before the read-back
        OffsiteUpload.Backup backup = backup();
        OffsiteCopy.S3 copy = new OffsiteCopy.S3("offsite", OffsiteEnv.s3Endpoint(), "eu-west-3", bucket, "p/",
                Secret.of(OffsiteEnv.ACCESS_KEY), Secret.of(SECRET), true, null, 5,
                new OffsiteCopy.Keep(0, SiteConfig.Retention.DEFAULT));
        String key = "p/blog/" + backup.archive().getFileName();
        AtomicBoolean altered = new AtomicBoolean();
        OffsiteUpload.Stores tampering = (c, site) -> new Tampering(OffsiteUpload.realStores(0).open(c, site),
                () -> {
                    if (altered.compareAndSet(false, true)) {
                        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("not the archive"));
                    }
                });
        Map<String, String> state = new HashMap<>();
        // when
        try (OffsiteUpload upload = new OffsiteUpload(List.of(copy), backup, state, tampering)) {
            assertThatThrownBy(() -> runToEnd(upload)).isInstanceOf(FatalError.class)
                    .hasMessageContaining("read back as 15 bytes")
                    .hasMessageContaining("expected " + Files.size(backup.archive()) + " bytes, sha256 "
                            + backup.sha256())
                    .hasMessageContaining("The upload was removed");
        }
        // then: the altered object is gone, nothing of the archive is marked done
        assertThat(OffsiteEnv.keys(s3, bucket)).doesNotContain(key);
        assertThat(state).doesNotContainKey(UploadState.PREFIX + "offsite.archive.done");
        assertThat(String.join(" ", state.values())).doesNotContain(SECRET, OffsiteEnv.ACCESS_KEY);

        // when: the re-run, with the same state
        try (OffsiteUpload upload = new OffsiteUpload(List.of(copy), backup, state, tampering)) {
            runToEnd(upload);
        }
        // then
        assertThat(OffsiteEnv.object(s3, bucket, key)).isEqualTo(Files.readAllBytes(backup.archive()));
        assertThat(OffsiteEnv.keys(s3, bucket)).containsExactly("p/blog/backup-blog-20261201T000000Z.manifest.json",
                "p/blog/backup-blog-20261201T000000Z.sha256", key);
    }

    private static void runToEnd(OffsiteUpload upload) throws IOException {
        for (int i = 0; i < 100 && !upload.step(); i++) {
            // one unit per call
        }
    }

    private OffsiteUpload.Backup backup() throws IOException {
        byte[] bytes = new byte[7 * 1024 * 1024];
        new Random(7).nextBytes(bytes);
        Path archive = Files.write(tmp.resolve("backup-blog-20261201T000000Z.tar.gz"), bytes);
        Path manifest = Files.writeString(tmp.resolve("backup-blog-20261201T000000Z.manifest.json"), "{}");
        String sha = Sha256.of(archive);
        Path checksum = Files.writeString(tmp.resolve("backup-blog-20261201T000000Z.sha256"),
                sha + "  " + archive.getFileName() + "\n");
        return new OffsiteUpload.Backup("blog", archive, manifest, checksum, sha);
    }

    /** A real store, with something done to the server just before each read-back. */
    private record Tampering(CopyStore store, Runnable beforeReadBack) implements CopyStore {

        @Override
        public boolean upload(Path file, String name, UploadState state) throws IOException {
            return store.upload(file, name, state);
        }

        @Override
        public InputStream readBack(String name, UploadState state) throws IOException {
            beforeReadBack.run();
            return store.readBack(name, state);
        }

        @Override
        public void publish(String name, UploadState state) throws IOException {
            store.publish(name, state);
        }

        @Override
        public void discard(String name, UploadState state) throws IOException {
            store.discard(name, state);
        }

        @Override
        public List<String> list() throws IOException {
            return store.list();
        }

        @Override
        public InputStream open(String name) throws IOException {
            return store.open(name);
        }

        @Override
        public void delete(String name) throws IOException {
            store.delete(name);
        }

        @Override
        public String describe() {
            return store.describe();
        }

        @Override
        public void close() {
            store.close();
        }
    }
}

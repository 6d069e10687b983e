package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Reading from an S3 copy: the copy's retention prunes it by the local never-delete rules,
 * {@code job=list from=} shows it, and {@code job=restore from=} restores from it (the machine's
 * own backups gone) after checking the download, refusing an archive altered on the server before
 * anything on the target changes.
 */
class OffsiteRestoreIT {

    private static final String OLD = "20200101T000000Z";
    private static final String UNFINISHED = "20190101T000000Z";

    @TempDir
    Path tmp;

    private S3Client s3;
    private String bucket;
    private Path source;
    private Path target;
    private Map<String, String> env;

    @BeforeEach
    void setUp() throws Exception {
        s3 = OffsiteEnv.s3();
        bucket = OffsiteEnv.bucket(s3, "restore");
        source = RemoteSite.create("offsite-src", "printf 'hello from the copy' > index.php; mkdir wp-content;"
                + " printf 'x' > wp-content/a.txt");
        target = RemoteSite.create("offsite-dst", "true");
        env = new HashMap<>(RestoreFixtures.env());
        env.put("BB_IT_S3_SECRET", "restore-secret-0001");
    }

    @AfterEach
    void tearDown() {
        RemoteSite.delete(source);
        RemoteSite.delete(target);
        OffsiteEnv.drop(s3, bucket);
        s3.close();
    }

    @Test
    void theCopyIsPrunedListedAndRestoredFromCheckedBeforeTheTargetChanges() throws Exception {
        // given: on the copy, an old complete backup, an unfinished upload and a foreign file
        String folder = "nightly/src/";
        for (String suffix : List.of(".tar.gz", ".manifest.json", ".sha256")) {
            put(folder + "backup-src-" + OLD + suffix, "old");
        }
        put(folder + "backup-src-" + UNFINISHED + ".tar.gz", "partial");
        put(folder + "notes.txt", "not a backup");
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "src", RestoreFixtures.filesOnlyYaml(source, "[]") + "copies:\n"
                + OffsiteEnv.s3Yaml("offsite", bucket, OffsiteEnv.s3Endpoint().toString())
                + "    retention: {retention_days: 0, keep_last: 1}\n");
        RestoreFixtures.addSite(home, "dst", RestoreFixtures.filesOnlyYaml(target, "[]"));

        // when: a backup, whose last step prunes the copy too
        Processes.Result backup = Processes.backupBatch(home, env, "job=backup", "site=src");
        // then: the old complete backup is gone; the unfinished one and the foreign file stay
        assertThat(backup.exit()).as(backup.toString()).isZero();
        String id = RestoreFixtures.token(backup.summary(), "id");
        assertThat(backup.stderr()).contains("offsite: " + OLD + " removed");
        assertThat(OffsiteEnv.keys(s3, bucket)).containsExactlyInAnyOrder(folder + "backup-src-" + id + ".tar.gz",
                folder + "backup-src-" + id + ".manifest.json", folder + "backup-src-" + id + ".sha256",
                folder + "backup-src-" + UNFINISHED + ".tar.gz", folder + "notes.txt");

        // when
        Processes.Result list = Processes.backupBatch(home, env, "job=list", "site=src", "from=offsite");
        // then
        assertThat(list.exit()).as(list.toString()).isZero();
        assertThat(list.stdout()).contains(id + "  complete", UNFINISHED + "  unfinished");
        assertThat(list.summary()).contains("from=offsite", "status=COMPLETED", "backups=1");

        // when: this machine's backups are lost, and the site is restored from the copy
        Processes.check(List.of("rm", "-rf", "--", home.resolve("backups/src").toString()), null);
        Processes.Result restore = Processes.backupBatch(home, env, "job=restore", "site=src", "backup=latest",
                "target=dst", "from=offsite");
        // then
        assertThat(restore.exit()).as(restore.toString()).isZero();
        assertThat(restore.summary()).contains("backup=" + id, "status=COMPLETED");
        assertThat(target.resolve("index.php")).hasContent("hello from the copy");
        assertThat(home.resolve("backups/src/backup-src-" + id + ".sha256")).exists();

        // given: the archive altered on the server, the local backups lost again, the target changed
        put(folder + "backup-src-" + id + ".tar.gz", "altered on the server");
        Processes.check(List.of("rm", "-rf", "--", home.resolve("backups/src").toString()), null);
        RestoreFixtures.change(target, "printf 'changed' > index.php");
        // when
        Processes.Result refused = Processes.backupBatch(home, env, "job=restore", "site=src", "backup=" + id,
                "target=dst", "from=offsite", "confirm=yes");
        // then: refused before anything on the target changed
        assertThat(refused.exit()).as(refused.toString()).isEqualTo(1);
        assertThat(refused.stdout() + refused.stderr()).contains("downloads with sha256");
        assertThat(target.resolve("index.php")).hasContent("changed");
        assertThat(home.resolve("backups/src/backup-src-" + id + ".sha256")).doesNotExist();
    }

    private void put(String key, String content) {
        s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(content));
    }
}

package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The copyOffsite step of the backup job, run from the jar against S3Mock and the bbcopy SFTP
 * account: every file lands on every copy and reads back the same; a killed run resumes its
 * multipart upload; a copy that fails leaves the local backup published and its re-run resumes
 * only the copy; no credential reaches the logs, the job repository or the summary.
 */
class OffsiteCopyIT {

    private static final String SECRET = "offsite-Secret-Value-4711";
    private static final Map<String, String> ENV = Map.of("BB_IT_S3_SECRET", SECRET);
    private static final int ARCHIVE_MIB = 12;

    @TempDir
    Path tmp;

    private S3Client s3;
    private String bucket;
    private Path sftpRoot;
    private Path site;

    @BeforeEach
    void setUp() throws Exception {
        s3 = OffsiteEnv.s3();
        bucket = OffsiteEnv.bucket(s3, "offsite");
        sftpRoot = OffsiteEnv.sftpHome().resolve("offsite-it-" + System.nanoTime());
        site = Files.createDirectories(tmp.resolve("site"));
        byte[] noise = new byte[ARCHIVE_MIB * 1024 * 1024];
        new Random(42).nextBytes(noise); // incompressible: the archive is as big, three 5 MiB parts
        Files.write(site.resolve("uploads.bin"), noise);
        Files.writeString(site.resolve("index.php"), "<?php echo 'hi';\n");
    }

    @AfterEach
    void tearDown() {
        Processes.run(List.of("rm", "-rf", "--", sftpRoot.toString()), null, Map.of(), null);
        OffsiteEnv.drop(s3, bucket);
        s3.close();
    }

    private Path home(String copies) throws Exception {
        return RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  transport: local\n"
                + "files:\n  remote_path: " + site + "\n"
                + "backup:\n  destination: backups\n  retry_delay_seconds: 1\n"
                + "copies:\n" + copies);
    }

    private static List<Path> published(Path home) throws Exception {
        try (Stream<Path> files = Files.list(home.resolve("backups/blog"))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    @Test
    void everyFileLandsOnEveryCopyAndReadsBackTheSame() throws Exception {
        // given
        Path home = home(OffsiteEnv.s3Yaml("offsite", bucket, OffsiteEnv.s3Endpoint().toString())
                + OffsiteEnv.sftpYaml("nas", sftpRoot));
        // when
        Processes.Result run = Processes.backupBatch(home, ENV, "job=backup", "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.summary()).contains("status=COMPLETED");
        List<Path> local = published(home);
        assertThat(local).extracting(p -> p.getFileName().toString()).hasSize(3)
                .anyMatch(n -> n.endsWith(".tar.gz")).anyMatch(n -> n.endsWith(".sha256"));
        assertThat(OffsiteEnv.keys(s3, bucket)).containsExactlyElementsOf(
                local.stream().map(p -> "nightly/blog/" + p.getFileName()).sorted().toList());
        for (Path file : local) {
            assertThat(OffsiteEnv.object(s3, bucket, "nightly/blog/" + file.getFileName()))
                    .as(file.getFileName().toString()).isEqualTo(Files.readAllBytes(file));
            assertThat(sftpRoot.resolve("blog").resolve(file.getFileName())).hasSameBinaryContentAs(file);
        }
        try (Stream<Path> left = Files.list(sftpRoot.resolve("blog"))) {
            assertThat(left).hasSize(3);
        }
        assertThat(run.stderr()).contains("part 3/3 of", "is on nas", "backup copied to offsite (s3), checked");
        assertThat(run.summary()).contains("copies=offsite,nas");
        assertNoCredentials(run, home);
        // and job=validate reaches both copies, writing nothing
        Processes.Result validate = Processes.backupBatch(home, ENV, "job=validate", "site=blog");
        assertThat(validate.exit()).as(validate.toString()).isZero();
        assertThat(validate.stdout()).contains("ok copy offsite: ", "ok copy nas: ", "1 complete backups of blog there");
    }

    /** The secret key nowhere: stdout, stderr, the log folder, the job repository's files. */
    private static void assertNoCredentials(Processes.Result run, Path home) throws Exception {
        assertThat(run.stdout() + run.stderr()).doesNotContain(SECRET).doesNotContain(OffsiteEnv.ACCESS_KEY);
        List<Path> written;
        try (Stream<Path> files = Files.walk(home)) {
            written = files.filter(Files::isRegularFile).filter(p -> !p.startsWith(home.resolve("jobs"))).toList();
        }
        assertThat(written).anyMatch(p -> p.startsWith(home.resolve(".backup-batch")));
        for (Path file : written) {
            String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(text).as(file.toString()).doesNotContain(SECRET).doesNotContain(OffsiteEnv.ACCESS_KEY);
        }
    }

    @Test
    void aKilledRunResumesItsMultipartUploadFromThePartsDone() throws Exception {
        try (FaultProxy slow = FaultProxy.to(OffsiteEnv.s3Endpoint().getPort())) {
            // given: every answer of the S3 server held 700 ms, so that the upload can be caught midway
            slow.delayEach(700);
            Path home = home(OffsiteEnv.s3Yaml("offsite", bucket, "http://127.0.0.1:" + slow.port()));
            // when: the run is killed once the server holds two parts (the first one's state committed)
            try (JarRun first = JarRun.start(home, ENV, List.of("job=backup", "site=blog"))) {
                first.awaitWhileRunning("two parts on the server", Duration.ofMinutes(3), () -> partsOnServer() >= 2);
                first.kill();
            }
            slow.delayEach(0);
            Processes.Result rerun = Processes.backupBatch(home, ENV, "job=backup", "site=blog");
            // then
            assertThat(rerun.exit()).as(rerun.toString()).isZero();
            assertThat(rerun.stderr()).contains("the off-site copy resumes from the state the last run recorded")
                    .doesNotContain("part 1/3 of").contains("part 3/3 of");
            Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "blog");
            assertThat(OffsiteEnv.object(s3, bucket, "nightly/blog/" + archive.getFileName()))
                    .isEqualTo(Files.readAllBytes(archive));
        }
    }

    private int partsOnServer() {
        try {
            var uploads = s3.listMultipartUploads(b -> b.bucket(bucket)).uploads();
            if (uploads.isEmpty()) {
                return 0;
            }
            var upload = uploads.get(0);
            return s3.listParts(b -> b.bucket(bucket).key(upload.key()).uploadId(upload.uploadId())).parts().size();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    @Test
    void aFailedCopyLeavesTheBackupPublishedAndTheRerunResumesOnlyTheCopy() throws Exception {
        // given: the copy's folder cannot be made (its parent is root's)
        Files.createDirectories(sftpRoot);
        Path copyFolder = sftpRoot.resolve("locked");
        Path home = home(OffsiteEnv.sftpYaml("nas", copyFolder));
        // when
        Processes.Result failed = Processes.backupBatch(home, ENV, "job=backup", "site=blog");
        // then: exit 1 in copyOffsite, the local backup complete and published
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(1);
        assertThat(failed.summary()).contains("status=FAILED", "step=copyOffsite", "resume=");
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "blog");
        assertThat(published(home)).hasSize(3);
        assertThat(Processes.check(List.of("sha256sum", "-c",
                archive.getFileName().toString().replace(".tar.gz", ".sha256")), archive.getParent())).contains(": OK");

        // given: the folder made writable, and the first 4 MiB of the archive already there
        Path blog = Files.createDirectories(copyFolder.resolve("blog"));
        byte[] head = java.util.Arrays.copyOf(Files.readAllBytes(archive), 4 * 1024 * 1024);
        Files.write(blog.resolve(archive.getFileName() + ".part"), head);
        String owner = OffsiteEnv.sftpUser() + ":" + OffsiteEnv.sftpUser();
        Processes.check(List.of("chown", "-R", owner, sftpRoot.toString()), null);
        // when
        Processes.Result rerun = Processes.backupBatch(home, ENV, "job=backup", "site=blog");
        // then: only the copy ran, from the bytes already there
        assertThat(rerun.exit()).as(rerun.toString()).isZero();
        assertThat(rerun.stderr()).contains("resumes from byte " + head.length)
                .doesNotContain("step streamFiles of", "step assembleArchive of", "step verifyChecksum of");
        for (Path file : published(home)) {
            assertThat(blog.resolve(file.getFileName())).hasSameBinaryContentAs(file);
        }
        try (Stream<Path> left = Files.list(blog)) {
            assertThat(left).hasSize(3);
        }
    }

    @Test
    void anSftpCopyCutByTheNetworkIsTriedAgainWithinTheStep() throws Exception {
        try (FaultProxy proxy = FaultProxy.toTestSshd()) {
            // given: the first connection that brings 4 MiB back (the archive's read-back) is reset
            proxy.resetOnceAfter(4L * 1024 * 1024);
            proxy.sshYaml(tmp.resolve("proxy"));
            Path knownHosts = tmp.resolve("proxy").resolve("known_hosts-proxy-" + proxy.port());
            Path home = home(OffsiteEnv.sftpYaml("nas", sftpRoot, proxy.port(), knownHosts));
            // when
            Processes.Result run = Processes.backupBatch(home, ENV, "job=backup", "site=blog");
            // then: one reset, one retry, and the copy complete and equal
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(proxy.resets()).isEqualTo(1);
            assertThat(run.stderr()).contains("blog: copying off-site: attempt 1 of 3 failed", "connection lost");
            for (Path file : published(home)) {
                assertThat(sftpRoot.resolve("blog").resolve(file.getFileName())).hasSameBinaryContentAs(file);
            }
        }
    }
}

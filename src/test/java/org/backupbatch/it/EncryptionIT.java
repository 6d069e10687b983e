package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.token;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.backupbatch.archive.EncryptionRecord;
import org.backupbatch.archive.Gpg;
import org.backupbatch.archive.Manifest;
import org.backupbatch.archive.Sha256;
import org.backupbatch.archive.SidecarManifest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Encryption at rest against the real sshd and the real {@code gpg}: a backup encrypted to a
 * key or with a passphrase is a {@code .tar.gz.gpg} that stock {@code gpg --decrypt} opens into
 * the very tar.gz its manifest records; a restore decrypts it with the configured key and gives
 * back the same tree; without the key it stops before anything changes; a changed byte is
 * refused.
 */
class EncryptionIT {

    private static final String TREE = """
            mkdir -p wp-content/uploads 'dir with space'
            printf '<?php echo "hello";\\n' > index.php
            printf 'define("DB_PASSWORD", "s3cret");\\n' > wp-config.php && chmod 640 wp-config.php
            head -c 300000 /dev/urandom > wp-content/uploads/photo.jpg
            printf 'x' > 'dir with space/a;b.txt'
            ln -s index.php link-to-index
            find . -mindepth 1 -depth -exec touch -h -d @1700000000 {} +
            """;

    @TempDir
    static Path keys;
    @TempDir
    Path tmp;

    static Gpg gpg;
    static String fingerprint;
    /** A key protected by {@link #KEY_PASSPHRASE}. */
    static String protectedKey;
    private static final String KEY_PASSPHRASE = "key pass 'quoted' $(x)";
    private final List<Path> folders = new ArrayList<>();
    private final List<String> databases = new ArrayList<>();

    @BeforeAll
    static void generateKey() throws Exception {
        gpg = new Gpg(keys.resolve("gnupg"));
        fingerprint = gpg.generate("Backups IT <backups-it@example.test>", "default", "");
        protectedKey = gpg.generate("Protected IT <protected-it@example.test>", "future-default", KEY_PASSPHRASE);
    }

    @AfterAll
    static void stopAgent() {
        gpg.close();
    }

    @AfterEach
    void cleanUp() {
        folders.forEach(RemoteSite::delete);
        if (!databases.isEmpty()) {
            RestoreFixtures.dropDatabases(databases.toArray(String[]::new));
        }
    }

    @Test
    void aBackupEncryptedToAKeyIsAGpgFileThatGpgDecryptsIntoTheRecordedTarGz() throws Exception {
        // given
        Path a = site("a", TREE);
        Path home = tmp.resolve("home");
        gpg.exportPublic(fingerprint, Files.createDirectories(home.resolve("keys")).resolve("ops.pub.gpg"));
        RestoreFixtures.addSite(home, "a", RestoreFixtures.filesOnlyYaml(a, "[]")
                + "  encryption:\n    type: openpgp\n    recipients: [keys/ops.pub.gpg]\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=a");
        // then: the ciphertext, its readable manifest and its sum; no plaintext anywhere
        assertThat(run.exit()).as(run.toString()).isZero();
        String id = token(run.summary(), "id");
        Path folder = home.resolve("backups/a");
        String base = "backup-a-" + id;
        assertThat(token(run.summary(), "archive")).as(run.summary()).endsWith(base + ".tar.gz.gpg");
        assertThat(names(folder)).containsExactlyInAnyOrder(base + ".tar.gz.gpg", base + ".manifest.json",
                base + ".sha256");
        try (Stream<Path> all = Files.walk(home.resolve("backups"))) {
            assertThat(all.map(Path::toString)).noneMatch(p -> p.endsWith(".tar.gz") || p.endsWith(".part"));
        }
        Path cipher = folder.resolve(base + ".tar.gz.gpg");
        assertThat(Files.getPosixFilePermissions(cipher)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        Processes.Result check = Processes.run(List.of("sha256sum", "-c", base + ".sha256"), folder, Map.of(), null);
        assertThat(check.exit()).as(check.toString()).isZero();

        byte[] sidecar = Files.readAllBytes(folder.resolve(base + ".manifest.json"));
        EncryptionRecord record = SidecarManifest.encryption(sidecar);
        assertThat(record.type()).isEqualTo("openpgp");
        assertThat(record.method()).isEqualTo("public-key");
        assertThat(record.recipients()).singleElement().satisfies(r -> {
            assertThat(r.fingerprint()).isEqualTo(fingerprint);
            assertThat(r.userId()).isEqualTo("Backups IT <backups-it@example.test>");
        });
        assertThat(record.ciphertext()).isEqualTo(new EncryptionRecord.Content(base + ".tar.gz.gpg",
                Files.size(cipher), Sha256.of(cipher)));
        assertThat(Manifest.fromJson(sidecar).files().regularFiles()).as("counts stay readable").isEqualTo(4);

        // the real gpg gives exactly the recorded tar.gz, which tar lists and whose manifest is the inside one
        Gpg.Result decrypted = gpg.decrypt(cipher, null);
        assertThat(decrypted.exit()).as(decrypted.stderr()).isZero();
        Path plain = Files.write(tmp.resolve(base + ".tar.gz"), decrypted.stdout());
        assertThat(Sha256.of(plain)).isEqualTo(record.plaintext().sha256());
        assertThat(Files.size(plain)).isEqualTo(record.plaintext().bytes());
        String listing = Processes.check(List.of("tar", "tzf", plain.toString()), null);
        assertThat(listing.lines()).contains("backup-" + id + "/files/index.php",
                "backup-" + id + "/files/wp-content/uploads/photo.jpg", "backup-" + id + "/manifest.json");
        Path extracted = RemoteSite.extract(plain, tmp.resolve("x"));
        assertThat(Files.readAllBytes(extracted.resolve("manifest.json"))).isEqualTo(SidecarManifest.inside(sidecar));
        assertThat(Files.readString(extracted.resolve("files/wp-config.php"))).contains("s3cret");
        assertThat(Files.readString(cipher, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("s3cret");
    }

    @Test
    void aBackupEncryptedWithAPassphraseOpensWithGpgAndThatPassphrase() throws Exception {
        // given: the passphrase comes from the environment
        Path a = site("a", TREE);
        Path home = RestoreFixtures.addSite(tmp.resolve("home"), "a", RestoreFixtures.filesOnlyYaml(a, "[]")
                + "  encryption: {type: openpgp, passphrase: '${BB_IT_PASSPHRASE}'}\n");
        Map<String, String> env = Map.of("BB_IT_PASSPHRASE", "correct horse; $(battery) staple");
        // when
        Processes.Result run = Processes.backupBatch(home, env, "job=backup", "site=a");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.stdout() + run.stderr()).doesNotContain("correct horse");
        String base = "backup-a-" + token(run.summary(), "id");
        Path cipher = home.resolve("backups/a/" + base + ".tar.gz.gpg");
        EncryptionRecord record = SidecarManifest.encryption(Files.readAllBytes(
                home.resolve("backups/a/" + base + ".manifest.json")));
        assertThat(record.method()).isEqualTo("passphrase");
        assertThat(record.recipients()).isEmpty();
        Gpg.Result decrypted = gpg.decrypt(cipher, "correct horse; $(battery) staple");
        assertThat(decrypted.exit()).as(decrypted.stderr()).isZero();
        assertThat(Sha256.hex(digest(decrypted.stdout()))).isEqualTo(record.plaintext().sha256());
        assertThat(gpg.decrypt(cipher, "wrong").exit()).isNotZero();
    }

    @Test
    void aKeyFileThatIsNoPublicKeyStopsTheBackupBeforeAnyTransfer() throws Exception {
        // given
        Path a = site("a", TREE);
        Path home = tmp.resolve("home");
        Files.createDirectories(home.resolve("keys"));
        Files.writeString(home.resolve("keys/ops.pub.gpg"), "-----BEGIN PGP PUBLIC KEY BLOCK-----\nnope\n");
        RestoreFixtures.addSite(home, "a", RestoreFixtures.filesOnlyYaml(a, "[]")
                + "  encryption: {type: openpgp, recipients: [keys/ops.pub.gpg]}\n");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=a");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.stdout() + run.stderr()).contains("jobs/a.yaml: backup.encryption.recipients[0]: "
                + home.resolve("keys/ops.pub.gpg") + " is not an OpenPGP key");
        try (Stream<Path> all = Files.walk(home.resolve("backups"))) {
            assertThat(all.filter(Files::isRegularFile)).isEmpty();
        }
    }

    @Test
    void aRestoreOfAnEncryptedBackupDecryptsWithTheConfiguredKeyAndGivesTheSameTree() throws Exception {
        // given: site a encrypts to a key whose private key (with a passphrase) it also gives; b is empty
        Path a = site("a", TREE);
        Path b = TestEnv.sshHome().resolve("it").resolve("b-" + System.nanoTime());
        folders.add(b);
        Path home = tmp.resolve("home");
        exportKeys(home, protectedKey, KEY_PASSPHRASE);
        RestoreFixtures.addSite(home, "a", RestoreFixtures.filesOnlyYaml(a, "[]") + "  encryption:\n"
                + "    type: openpgp\n    recipients: [keys/ops.pub.gpg]\n    private_key: keys/ops.sec.asc\n"
                + "    private_key_passphrase: ${BB_IT_KEY_PASSPHRASE}\n");
        RestoreFixtures.addSite(home, "b", RestoreFixtures.filesOnlyYaml(b, "[]"));
        Map<String, String> env = Map.of("BB_IT_KEY_PASSPHRASE", KEY_PASSPHRASE);
        Processes.Result backup = Processes.backupBatch(home, env, "job=backup", "site=a");
        assertThat(backup.exit()).as(backup.toString()).isZero();
        String id = token(backup.summary(), "id");
        // when
        Processes.Result run = Processes.backupBatch(home, env, "job=restore", "site=a", "backup=" + id, "target=b");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(token(run.summary(), "status")).as(run.summary()).isEqualTo("COMPLETED");
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(b))).isEqualTo(TreeSnapshot.describe(TreeSnapshot.of(a)));
        assertThat(run.stderr()).contains("verified (decrypted into ");
        assertThat(run.stdout() + run.stderr() + backup.stdout() + backup.stderr()).doesNotContain(KEY_PASSPHRASE);
        try (Stream<Path> all = Files.walk(home.resolve("backups"))) {
            assertThat(all.map(Path::toString)).as("the decrypted copy went with the restore's work folder")
                    .noneMatch(p -> p.endsWith(".tar.gz") || p.endsWith(".part"));
        }
    }

    @Test
    void aWordPressSiteEncryptedWithAPassphraseRestoresIntoAnotherSiteFilesAndDatabase() throws Exception {
        // given: WordPress site a (its database loaded), site b with an empty folder and database
        String suffix = Long.toString(System.nanoTime() % 100_000_000);
        String dbA = "bb_it_enca_" + suffix;
        String dbB = "bb_it_encb_" + suffix;
        databases.addAll(List.of(dbA, dbB));
        Path a = site("a", TREE + "cp -f /home/bbtest/www/wp-config.php wp-config.php\n");
        Path b = TestEnv.sshHome().resolve("it").resolve("b-" + System.nanoTime());
        folders.add(b);
        RestoreFixtures.createDatabase(dbA);
        Database.loadAsSiteUser(dbA, RestoreFixtures.FIXTURE);
        RestoreFixtures.createDatabase(dbB);
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "a", RestoreFixtures.wordpressYaml(a, RestoreFixtures.BLOG_URL, dbA)
                + "  encryption: {type: openpgp, passphrase: '${BB_IT_PASSPHRASE}'}\n");
        RestoreFixtures.addSite(home, "b", RestoreFixtures.wordpressYaml(b, RestoreFixtures.BLOG_URL, dbB));
        Map<String, String> env = new java.util.HashMap<>(RestoreFixtures.env());
        env.put("BB_IT_PASSPHRASE", "wp pass");
        Processes.Result backup = Processes.backupBatch(home, env, "job=backup", "site=a");
        assertThat(backup.exit()).as(backup.toString()).isZero();
        String id = token(backup.summary(), "id");
        // when: planning reads wp-config.php from the ciphertext, the job from its decrypted copy
        Processes.Result run = Processes.backupBatch(home, env, "job=restore", "site=a", "backup=" + id, "target=b");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(token(run.summary(), "tables")).as(run.summary()).isEqualTo("9");
        assertThat(Database.rowHashes(dbB)).as("rows").isEqualTo(Database.rowHashes(dbA)).hasSize(9);
        java.util.function.Predicate<String> apart = p -> p.equals(".") || p.equals("./wp-config.php");
        assertThat(TreeSnapshot.describe(TreeSnapshot.without(TreeSnapshot.of(b), apart)))
                .isEqualTo(TreeSnapshot.describe(TreeSnapshot.without(TreeSnapshot.of(a), apart)));
        assertThat(RestoreFixtures.dbDefines(Files.readString(b.resolve("wp-config.php"))))
                .containsEntry("DB_NAME", dbB);
    }

    @Test
    void withoutThePrivateKeyARestoreStopsBeforeAnythingChanges() throws Exception {
        // given: site a encrypts to a key whose private key it does not give; a has changed since
        Path a = site("a", TREE);
        Path home = tmp.resolve("home");
        exportKeys(home, fingerprint, "");
        RestoreFixtures.addSite(home, "a", RestoreFixtures.filesOnlyYaml(a, "[]")
                + "  encryption: {type: openpgp, recipients: [keys/ops.pub.gpg]}\n");
        String id = RestoreFixtures.backup(home, "a");
        RestoreFixtures.change(a, "printf changed > index.php && rm -r 'dir with space'");
        var before = TreeSnapshot.of(a);
        // when
        Processes.Result run = RestoreFixtures.restore(home, "site=a", "backup=" + id, "parts=files", "confirm=yes");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(2);
        assertThat(run.stdout() + run.stderr()).contains("backup " + id + " of site a is encrypted for key "
                + fingerprint + "; set backup.encryption.private_key in " + home.resolve("jobs/a.yaml"));
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(a))).isEqualTo(TreeSnapshot.describe(before));
        assertThat(RestoreIT.publishedIds(home, "a")).as("no safety snapshot either").containsExactly(id);
        assertThat(home.resolve("backups/a/.work")).as("no restore work folder").doesNotExist();
    }

    @Test
    void aChangedCiphertextByteIsRefusedBeforeAnythingChanges() throws Exception {
        // given: an encrypted backup whose ciphertext lost a bit after it was published; a has changed since
        Path a = site("a", TREE);
        Path home = tmp.resolve("home");
        exportKeys(home, fingerprint, "");
        RestoreFixtures.addSite(home, "a", RestoreFixtures.filesOnlyYaml(a, "[]") + "  encryption: {type: openpgp, "
                + "recipients: [keys/ops.pub.gpg], private_key: keys/ops.sec.asc}\n");
        String id = RestoreFixtures.backup(home, "a");
        Path cipher = home.resolve("backups/a/backup-a-" + id + ".tar.gz.gpg");
        flip(cipher, Files.size(cipher) / 2);
        RestoreFixtures.change(a, "printf changed > index.php");
        var before = TreeSnapshot.of(a);
        // when
        Processes.Result run = RestoreFixtures.restore(home, "site=a", "backup=" + id, "parts=files", "confirm=yes");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(token(run.summary(), "step")).as(run.summary()).isEqualTo("verifyArchive");
        assertThat(run.stdout() + run.stderr()).contains("encrypted archive", "sha256 differs from the recorded one");
        assertThat(TreeSnapshot.describe(TreeSnapshot.of(a))).isEqualTo(TreeSnapshot.describe(before));
        assertThat(RestoreIT.publishedIds(home, "a")).as("no safety snapshot").containsExactly(id);
    }

    @Test
    void pruningRemovesAnOldEncryptedBackupWhole() throws Exception {
        // given: a local site encrypted with a passphrase, and an old complete encrypted backup
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.php"), "x");
        Path home = RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  transport: local\n"
                + "files:\n  remote_path: " + site + "\n"
                + "backup:\n  destination: backups\n  retention_days: 1\n"
                + "  encryption: {type: openpgp, passphrase: '${BB_IT_PASSPHRASE}'}\n");
        Path folder = Files.createDirectories(home.resolve("backups/blog"));
        String old = "backup-blog-20200101T000000Z";
        for (String suffix : List.of(".tar.gz.gpg", ".sha256")) {
            Files.writeString(folder.resolve(old + suffix), "old");
        }
        // a manifest of this site (prune never deletes what it cannot tell is the site's own backup)
        Files.writeString(folder.resolve(old + ".manifest.json"), "{\"format_version\": 1, \"site\": \"blog\", "
                + "\"id\": \"20200101T000000Z\", \"kind\": \"backup\"}");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of("BB_IT_PASSPHRASE", "p"), "job=backup",
                "site=blog");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        String base = "backup-blog-" + token(run.summary(), "id");
        assertThat(names(folder)).containsExactlyInAnyOrder(base + ".tar.gz.gpg", base + ".manifest.json",
                base + ".sha256");
    }

    /** Exports the key pair as {@code keys/ops.pub.gpg} and {@code keys/ops.sec.asc} in the home. */
    private static void exportKeys(Path home, String fingerprint, String passphrase) throws Exception {
        Path keys = Files.createDirectories(home.resolve("keys"));
        gpg.exportPublic(fingerprint, keys.resolve("ops.pub.gpg"));
        gpg.exportSecret(fingerprint, passphrase, keys.resolve("ops.sec.asc"));
    }

    private static void flip(Path file, long position) throws Exception {
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int b = raf.read();
            raf.seek(position);
            raf.write(b ^ 0x01);
        }
    }

    private Path site(String name, String script) throws Exception {
        Path folder = RemoteSite.create(name, script);
        folders.add(folder);
        return folder;
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).toList();
        }
    }

    private static java.security.MessageDigest digest(byte[] bytes) {
        java.security.MessageDigest digest = Sha256.newDigest();
        digest.update(bytes);
        return digest;
    }
}

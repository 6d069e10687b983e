package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job=config action=seal} seals the database password given on stdin; the {@code ENC(…)}
 * value it prints, put in a site file, opens with the master key and dumps the real database
 * over the real sshd; another master key stops the run with exit 2 naming that key.
 */
class SealedValuesIT {

    private static final Path FIXTURE = Path.of("src/test/resources/fixtures/wordpress.sql");

    @TempDir
    Path tmp;
    private final String database = "bb_it_seal_" + Long.toString(System.nanoTime() % 100_000_000);
    private Path site;

    @AfterEach
    void cleanUp() {
        Database.sql("DROP DATABASE IF EXISTS `" + database + "`");
        if (site != null) {
            RemoteSite.delete(site);
        }
    }

    @Test
    void sealedPasswordPrintedBySealBacksUpTheDatabase() throws Exception {
        // given
        Path home = Files.createDirectories(tmp.resolve("home"));
        String password = TestEnv.dbPassword();

        // when
        Processes.Result seal = seal(home, Map.of(), password + "\n");

        // then: only the sealed value on stdout, a new 0600 key, the secret written nowhere
        assertThat(seal.exit()).as(seal.toString()).isZero();
        String sealed = seal.stdout().strip();
        assertThat(sealed).matches("ENC\\(v1:[A-Za-z0-9+/=]+\\)");
        Path keyFile = home.resolve(".backup-batch/master.key");
        assertThat(seal.stderr()).contains(keyFile.toString());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
        assertThat(filesUnder(home)).as("no repository, no log, no lock").containsExactly(keyFile);
        DatabaseBackupIT.assertNoSecretAnywhere(home, seal, password);

        // given
        Database.sql("CREATE DATABASE `" + database + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        Database.loadAsSiteUser(database, FIXTURE);
        site = RemoteSite.create("seal", "printf x > index.php");
        RemoteSite.home(home, "shop", siteYaml(site, database, sealed));

        // when
        Processes.Result backup = Processes.backupBatch(home, Map.of(), "job=backup", "site=shop");

        // then
        assertThat(backup.exit()).as(backup.toString()).isZero();
        assertThat(backup.summary()).contains(" status=COMPLETED ", " db=");
        Path extracted = RemoteSite.extract(RemoteSite.onlyArchive(home.resolve("backups"), "shop"), tmp.resolve("x"));
        assertThat(Files.readString(extracted.resolve("database.sql"), StandardCharsets.ISO_8859_1).strip())
                .contains("CREATE TABLE `wp_options`", "-- Dump completed");
        DatabaseBackupIT.assertNoSecretAnywhere(home, backup, password);
    }

    @Test
    void anotherMasterKeyStopsTheRunNamingTheKeyTried() throws Exception {
        // given: a value sealed with the home's key file, then another key in the environment
        Path home = Files.createDirectories(tmp.resolve("home"));
        Processes.Result seal = seal(home, Map.of(), TestEnv.dbPassword());
        assertThat(seal.exit()).as(seal.toString()).isZero();
        RemoteSite.home(home, "shop", siteYaml(Path.of("/nonexistent"), "db", seal.stdout().strip()));
        byte[] other = new byte[32];
        new SecureRandom().nextBytes(other);
        Map<String, String> otherKey = Map.of("BACKUP_BATCH_MASTER_KEY", Base64.getEncoder().encodeToString(other));

        // when
        Processes.Result withOtherKey = Processes.backupBatch(home, otherKey, "job=backup", "site=shop");
        Files.delete(home.resolve(".backup-batch/master.key"));
        Processes.Result withoutKey = Processes.backupBatch(home, Map.of(), "job=backup", "site=shop");

        // then
        assertThat(withOtherKey.exit()).as(withOtherKey.toString()).isEqualTo(2);
        assertThat(withOtherKey.summary()).contains("status=INVALID", "jobs/shop.yaml: database.password: the sealed value "
                + "does not open with the master key from BACKUP_BATCH_MASTER_KEY");
        assertThat(withoutKey.exit()).as(withoutKey.toString()).isEqualTo(2);
        assertThat(withoutKey.summary()).contains("BACKUP_BATCH_MASTER_KEY is not set and "
                + home.resolve(".backup-batch/master.key") + " does not exist");
        DatabaseBackupIT.assertNoSecretAnywhere(home, withOtherKey, TestEnv.dbPassword());
    }

    /** {@code job=config action=seal} with this stdin. */
    private static Processes.Result seal(Path home, Map<String, String> env, String stdin) {
        String jar = System.getProperty("backup-batch.jar", "target/backup-batch.jar");
        List<String> command = new ArrayList<>(List.of("java", "-Xmx256m", "-jar", Path.of(jar).toAbsolutePath().toString(),
                "job=config", "action=seal", "home=" + home));
        return Processes.run(command, home, env, stdin.getBytes(StandardCharsets.UTF_8));
    }

    private static String siteYaml(Path folder, String database, String sealedPassword) {
        return "site:\n  app_type: custom\n" + TestEnv.sshYaml()
                + "files:\n  remote_path: " + folder + "\n"
                + "database:\n  name: " + database + "\n  user: " + TestEnv.dbUser() + "\n"
                + "  password: \"" + sealedPassword + "\"\n"
                + "backup:\n  destination: backups\n";
    }

    private static List<Path> filesUnder(Path home) throws Exception {
        try (Stream<Path> files = Files.walk(home)) {
            return files.filter(f -> !Files.isDirectory(f)).toList();
        }
    }
}

package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.backupbatch.it.RestoreFixtures.BLOG_URL;
import static org.backupbatch.it.RestoreFixtures.STAGING_URL;
import static org.backupbatch.it.RestoreFixtures.token;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No secret in anything the tool writes, against the real sshd and MariaDB: the sites' database
 * password (from a site file's {@code ${ENV}} and from a wp-config.php) and the job repository's
 * (in its JDBC URL and as {@code spring.datasource.password=}) are distinctive markers, searched
 * for after backups, restores and failures in stdout, stderr, the log files, every file beside the
 * archives and every text of the job repository. Start-up failures are one line with the fix.
 */
class SecretsIT {

    @TempDir
    Path tmp;
    private final String suffix = Long.toString(System.nanoTime() % 100_000_000);
    private final String siteMarker = "SitePwMarker" + suffix;
    private final String repoMarker = "RepoPwMarker" + suffix;
    private final String siteUser = "bb_it_secu_" + suffix;
    private final String repoUser = "bb_it_secr_" + suffix;
    private final String dbA = "bb_it_seca_" + suffix;
    private final String dbB = "bb_it_secb_" + suffix;
    private final RunRecords repository = RunRecords.mariadb("bb_it_secrepo_" + suffix);
    private final List<Path> folders = new ArrayList<>();
    private final List<Processes.Result> runs = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        RestoreFixtures.dropDatabases(dbA, dbB);
        repository.drop();
        Database.sql("DROP USER IF EXISTS '" + siteUser + "'@'localhost'; DROP USER IF EXISTS '" + siteUser
                + "'@'127.0.0.1'; DROP USER IF EXISTS '" + repoUser + "'@'localhost'; DROP USER IF EXISTS '" + repoUser
                + "'@'127.0.0.1'");
        folders.forEach(RemoteSite::delete);
    }

    @Test
    void backupsAndRestoresLeaveNoPasswordInOutputLogsFilesOrTheRepository() throws Exception {
        // given: a with its password from the site file's ${ENV}, b with it from its wp-config.php only
        Path home = sites();
        // when
        String first = backup(home, "a");
        backup(home, "b");
        Processes.Result staging = run(home, "job=restore", "site=a", "backup=" + first, "target=b", "confirm=yes");
        Processes.Result sameSite = run(home, "job=restore", "site=b", "backup=latest", "confirm=yes");
        // then
        assertThat(staging.exit()).as(staging.toString()).isZero();
        assertThat(sameSite.exit()).as(sameSite.toString()).isZero();
        assertThat(Database.rowHashes(dbB)).as("the restores did load the dump").isNotEmpty();
        assertThat(Files.readString(folders.get(1).resolve("wp-config.php"), StandardCharsets.ISO_8859_1))
                .as("the password is where it belongs").contains(siteMarker);
        assertThat(repository.dump()).as("the contexts were read: the target's identity is there")
                .contains("\"dbName\":\"" + dbB + "\"").contains(siteUser);
        assertNoMarkerAnywhere(home);
    }

    @Test
    void aWrongDatabasePasswordFailsWithAnErrorLineThatShowsNeitherPassword() throws Exception {
        // given: the site file's password is wrong (and distinctive too)
        Path home = sites();
        String wrong = "WrongPwMarker" + suffix;
        // when
        Processes.Result failed = Processes.backupBatch(home, Map.of("BB_IT_SEC_PW", wrong),
                words("job=backup", "site=a"));
        runs.add(failed);
        // then
        assertThat(failed.exit()).as("a configuration to fix: " + failed).isEqualTo(2);
        assertThat(token(failed.summary(), "status")).isEqualTo("FAILED");
        assertThat(token(failed.summary(), "error")).as(failed.summary())
                .startsWith("database login refused for user '" + siteUser).contains("check database.user and database.password")
                .contains("Access denied for user '" + siteUser + "'@'localhost' (using password: YES)");
        assertThat(token(failed.summary(), "resume")).as(failed.summary())
                .isEqualTo("java -jar backup-batch.jar job=backup site=a spring.datasource.url=<hidden> "
                        + "spring.datasource.username=" + repoUser + " spring.datasource.password=<hidden>");
        assertThat(token(failed.summary(), "hint")).isEqualTo("the resume command hides spring.datasource.url, "
                + "spring.datasource.password: set SPRING_DATASOURCE_URL, SPRING_DATASOURCE_PASSWORD in the environment "
                + "and leave those words out");
        assertThat(everything(home)).doesNotContain(wrong);
        assertNoMarkerAnywhere(home);
    }

    @Test
    void aRepositoryThatCannotBeOpenedIsOneLineWithTheCauseAndTheFix() throws Exception {
        // given
        Path home = sites();
        String url = "jdbc:mariadb://127.0.0.1:3306/" + repositorySchema() + "?user=" + repoUser + "&password=";
        // when: a wrong password, nothing listening, a user name without a URL
        Processes.Result denied = run(home, "job=backup", "site=a", "spring.datasource.url=" + url + "Bad" + repoMarker);
        Processes.Result refused = run(home, "job=backup", "site=a",
                "spring.datasource.url=jdbc:mariadb://127.0.0.1:1/x?password=" + repoMarker);
        Processes.Result noUrl = run(home, "job=backup", "site=a", "spring.datasource.username=" + repoUser,
                "spring.datasource.password=" + repoMarker);
        // then
        assertStartFailure(denied, "cannot open the job repository " + url + "<hidden>: Access denied for user '"
                + repoUser + "'@'127.0.0.1' (using password: YES); check spring.datasource.username and the password");
        assertStartFailure(refused, "cannot open the job repository jdbc:mariadb://127.0.0.1:1/x?password=<hidden>: "
                + "Socket fail to connect to 127.0.0.1:1. Connection refused; start that database, or correct the host "
                + "and port in spring.datasource.url");
        assertThat(noUrl.exit()).as(noUrl.toString()).isEqualTo(2);
        assertThat(token(noUrl.summary(), "error")).startsWith("spring.datasource.username= is given without "
                + "spring.datasource.url=");
        assertNoMarkerAnywhere(home);
    }

    private void assertStartFailure(Processes.Result run, String error) {
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.stdout().strip()).as("only the summary line on stdout").doesNotContain("\n");
        assertThat(token(run.summary(), "status")).isEqualTo("FAILED");
        assertThat(token(run.summary(), "error")).as(run.summary()).startsWith(error);
        assertThat(token(run.summary(), "resume")).as(run.summary()).contains("spring.datasource.url=<hidden>");
        assertThat(run.stderr()).as("no bean-creation chain").doesNotContain("Error creating bean", "Caused by")
                .contains(token(run.summary(), "error"));
        assertThat(run.stderr().length()).as(run.stderr()).isLessThan(1000);
    }

    /** Neither marker in the runs' output, the logs, any file but the archives, nor the repository. */
    private void assertNoMarkerAnywhere(Path home) throws Exception {
        String all = everything(home);
        assertThat(all).as("what was searched").isNotBlank();
        assertThat(all).doesNotContain(siteMarker).doesNotContain(repoMarker);
    }

    private String everything(Path home) throws Exception {
        StringBuilder all = new StringBuilder();
        runs.forEach(run -> all.append(run.stdout()).append(run.stderr()));
        try (Stream<Path> files = Files.walk(home)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String name = file.getFileName().toString();
                // archives hold wp-config.php: the password is their content, not something we wrote
                if (!name.endsWith(".tar.gz")) {
                    all.append(file).append(": ").append(Files.readString(file, StandardCharsets.ISO_8859_1));
                }
            }
        }
        if (!Database.sql("SHOW TABLES FROM `" + repositorySchema() + "` LIKE 'BATCH_JOB_EXECUTION_PARAMS'").isBlank()) {
            all.append(repository.dump());
        }
        return all.toString();
    }

    private String backup(Path home, String site) {
        Processes.Result run = run(home, "job=backup", "site=" + site);
        assertThat(run.exit()).as("backup of " + site + ": " + run).isZero();
        return token(run.summary(), "id");
    }

    /** A run against the repository of the test, whose user's password is a marker too. */
    private Processes.Result run(Path home, String... given) {
        List<String> all = new ArrayList<>(List.of(given));
        boolean ownRepository = all.stream().noneMatch(w -> w.startsWith("spring.datasource."));
        Processes.Result run = Processes.backupBatch(home, Map.of("BB_IT_SEC_PW", siteMarker),
                ownRepository ? words(given) : given);
        runs.add(run);
        return run;
    }

    private String[] words(String... given) {
        List<String> all = new ArrayList<>(List.of(given));
        all.add("spring.datasource.url=jdbc:mariadb://127.0.0.1:3306/" + repositorySchema() + "?user=" + repoUser
                + "&password=" + repoMarker);
        all.add("spring.datasource.username=" + repoUser);
        all.add("spring.datasource.password=" + repoMarker);
        return all.toArray(String[]::new);
    }

    private String repositorySchema() {
        return "bb_it_secrepo_" + suffix;
    }

    /**
     * Sites a and b, each a WordPress tree with the fixture's database loaded as the site user,
     * whose password is the marker; a's site file gives it as ${BB_IT_SEC_PW}, b's is read from
     * its wp-config.php. The repository's database and its own user are made too.
     */
    private Path sites() throws Exception {
        for (String host : List.of("localhost", "127.0.0.1")) {
            Database.sql("CREATE USER '" + siteUser + "'@'" + host + "' IDENTIFIED BY '" + siteMarker + "';"
                    + "GRANT ALL PRIVILEGES ON `" + dbA + "`.* TO '" + siteUser + "'@'" + host + "';"
                    + "GRANT ALL PRIVILEGES ON `" + dbB + "`.* TO '" + siteUser + "'@'" + host + "';"
                    + "CREATE USER '" + repoUser + "'@'" + host + "' IDENTIFIED BY '" + repoMarker + "';"
                    + "GRANT ALL PRIVILEGES ON `" + repositorySchema() + "`.* TO '" + repoUser + "'@'" + host + "'");
        }
        Database.sql("CREATE DATABASE `" + repositorySchema() + "`");
        RestoreFixtures.createDatabase(dbA);
        RestoreFixtures.createDatabase(dbB);
        loadAsSiteUser(dbA);
        loadAsSiteUser(dbB);
        Path a = site("a");
        Path b = site("b");
        RestoreFixtures.writeWpConfig(a, dbA, siteUser, siteMarker);
        RestoreFixtures.writeWpConfig(b, dbB, siteUser, siteMarker);
        Path home = tmp.resolve("home");
        RestoreFixtures.addSite(home, "a", "site:\n  app_type: wordpress\n  url: " + BLOG_URL + "\n"
                + TestEnv.sshYaml() + "files:\n  remote_path: " + a + "\n"
                + "database:\n  name: " + dbA + "\n  user: " + siteUser + "\n  password: ${BB_IT_SEC_PW}\n"
                + "backup:\n  destination: backups\n");
        RestoreFixtures.addSite(home, "b", "site:\n  app_type: wordpress\n  url: " + STAGING_URL + "\n"
                + TestEnv.sshYaml() + "files:\n  remote_path: " + b + "\n" + "backup:\n  destination: backups\n");
        return home;
    }

    private void loadAsSiteUser(String database) throws Exception {
        Path cnf = Files.createTempFile(tmp, "site", ".cnf");
        Files.writeString(cnf, "[client]\nuser=" + siteUser + "\npassword=" + siteMarker + "\n");
        try {
            Processes.Result load = Processes.run(List.of("mariadb", "--defaults-file=" + cnf, database), null,
                    Map.of(), Files.readAllBytes(RestoreFixtures.FIXTURE));
            assertThat(load.exit()).as(load.toString()).isZero();
        } finally {
            Files.delete(cnf);
        }
    }

    private Path site(String name) throws Exception {
        Path folder = RemoteSite.create("sec-" + name, """
                mkdir -p wp-content/uploads
                printf '<?php // %s\\n' > index.php
                """.formatted(name));
        folders.add(folder);
        return folder;
    }
}

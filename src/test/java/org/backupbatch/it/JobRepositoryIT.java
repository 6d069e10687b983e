package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where runs are recorded: the HSQLDB file under the home folder, or any JDBC URL given. */
class JobRepositoryIT {

    @TempDir
    Path tmp;

    @Test
    void defaultRepositoryIsAFileDatabaseThatOutlivesTheProcess() throws Exception {
        // given
        Path home = localSite();
        // when
        Processes.Result first = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog");
        Thread.sleep(1100);
        Processes.Result second = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog");
        // then: the second run knows the first completed, so it makes a new backup
        assertThat(first.exit()).as(first.toString()).isZero();
        assertThat(second.exit()).as(second.toString()).isZero();
        assertThat(id(second)).isNotEqualTo(id(first));
        assertThat(home.resolve(".backup-batch/sites/blog/repository.script")).exists();
        assertThat(Files.readString(home.resolve("logs/backup-batch.log"))).contains("starting backup " + id(first))
                .contains("starting backup " + id(second));
    }

    @Test
    void aJdbcUrlOnTheCommandLineReplacesTheFileDatabase() throws Exception {
        // given
        String database = "bb_it_repo_" + System.nanoTime() % 100_000_000;
        Path home = localSite();
        try {
            // when
            Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=blog",
                    "spring.datasource.url=jdbc:mariadb://127.0.0.1:3306/" + database + "?createDatabaseIfNotExist=true",
                    "spring.datasource.username=root");
            // then
            assertThat(run.exit()).as(run.toString()).isZero();
            assertThat(Database.sql("SELECT STATUS FROM `" + database + "`.BATCH_JOB_EXECUTION").strip())
                    .isEqualTo("COMPLETED");
            assertThat(Database.sql("SELECT STEP_NAME FROM `" + database + "`.BATCH_STEP_EXECUTION ORDER BY STEP_NAME"))
                    .isEqualTo("assembleArchive\ncopyOffsite\ndumpDatabase\npruneRetention\nstreamFiles\nvalidate\nverifyChecksum\n");
            assertThat(home.resolve(".backup-batch/sites/blog/repository.script")).doesNotExist();
        } finally {
            Database.sql("DROP DATABASE IF EXISTS `" + database + "`");
        }
    }

    private Path localSite() throws Exception {
        Path site = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(site.resolve("index.php"), "x");
        return RemoteSite.home(tmp.resolve("home"), "blog", "site:\n  transport: local\n"
                + "files:\n  remote_path: " + site + "\n"
                + "backup:\n  destination: backups\n");
    }

    private static String id(Processes.Result run) {
        return run.summary().replaceAll(".* id=(\\S+) .*", "$1");
    }
}

package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListWordsTest {

    @TempDir
    Path home;

    @Test
    void listWithoutASiteListsEverySite() {
        // when
        CommandLine command = CommandLine.parse(List.of("job=list", "home=" + home), Map.of());
        // then
        assertThat(command.site()).isEqualTo("all");
    }

    @Test
    void anUnknownFormatIsBadUsage() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=list", "format=xml", "home=" + home), Map.of()))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("format=table (default) or format=json");
    }

    @Test
    void theLastFailedRestoreIntoATargetGetsItsOwnWordsAsResumeCommandWithTheRepositoryPasswordHidden() {
        // given: a list run against a shared repository whose URL carries a password
        CommandLine list = CommandLine.parse(List.of("job=list", "site=staging", "home=" + home,
                "spring.datasource.url=jdbc:mariadb://db.example.net/batch?password=s3cret-pw"), Map.of());
        RecentRuns.Run older = run(3, "FAILED", Map.of("site", "blog", "target", "staging", "backup.word", "latest"));
        RecentRuns.Run last = run(7, "FAILED", Map.of("site", "blog", "target", "staging", "backup.word", "latest",
                "parts.word", "db", "mode", "mirror", "keep_backup_credentials", "no"));
        // when
        List<ListedRun> listed = ListedRun.of(List.of(last, older), list, false);
        // then
        assertThat(listed.get(0).resume()).isEqualTo("java -jar backup-batch.jar job=restore site=blog backup=latest "
                + "target=staging parts=db mode=mirror home=" + home + " spring.datasource.url=<hidden>");
        assertThat(listed.get(0).hint()).contains("SPRING_DATASOURCE_URL");
        assertThat(listed.get(1).resume()).as("superseded: the same words resume the newer one").isNull();
    }

    @Test
    void aRunMarkedStartedIsRunningOnlyWhileTheLockOwnerLivesElseInterruptedAndResumable() {
        // given
        CommandLine list = CommandLine.parse(List.of("job=list", "site=blog", "home=" + home), Map.of());
        RecentRuns.Run started = run(2, "STARTED", Map.of("site", "blog", "id", "20261201T000000Z"));
        // when
        ListedRun alive = ListedRun.of(List.of(started), list, true).get(0);
        ListedRun dead = ListedRun.of(List.of(started), list, false).get(0);
        // then
        assertThat(alive.state()).isEqualTo("running");
        assertThat(alive.resume()).isNull();
        assertThat(dead.state()).isEqualTo("interrupted");
        assertThat(dead.resume()).isEqualTo("java -jar backup-batch.jar job=backup site=blog home=" + home);
    }

    @Test
    void theFirstLineOfAStackTraceLosesItsExceptionClass() {
        assertThat(RecentRuns.firstLine("org.backupbatch.errors.FatalError: mysqldump failed: access denied\n\tat x.y(Z)"))
                .isEqualTo("mysqldump failed: access denied");
        assertThat(RecentRuns.firstLine("  ")).isNull();
    }

    private static RecentRuns.Run run(long id, String status, Map<String, String> params) {
        String job = params.containsKey("target") ? "restore" : "backup";
        return new RecentRuns.Run(id, id, job, params, status, Instant.parse("2026-12-01T00:00:00Z"), null, null,
                List.of());
    }
}

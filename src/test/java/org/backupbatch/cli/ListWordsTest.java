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
    void siteAllAGroupOrANightAskForAFleetNightAndTheirWordsAreChecked() {
        // when
        CommandLine all = CommandLine.parse(List.of("job=list", "site=all", "home=" + home), Map.of());
        CommandLine group = CommandLine.parse(List.of("job=list", "sites=agency", "night=2026-11-30"), Map.of());
        // then
        assertThat(FleetList.asked(all.params())).isTrue();
        assertThat(FleetList.asked(group.params())).isTrue();
        assertThat(group.site()).isEqualTo("all");
        assertThat(FleetList.asked(CommandLine.parse(List.of("job=list"), Map.of()).params())).isFalse();
        assertThat(FleetList.asked(CommandLine.parse(List.of("job=list", "site=blog"), Map.of()).params())).isFalse();
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=list", "site=all", "night=30/11"), Map.of()))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("expected a date, YYYY-MM-DD");
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=list", "site=blog", "night=2026-11-30"), Map.of()))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("night= is for a fleet night");
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=list", "site=blog", "sites=agency"), Map.of()))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("give one site, or a group");
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
    void theLastFailedDrillIsResumedByTheDrillWordsOfItsSiteAndItsBackupWord() {
        // given
        CommandLine list = CommandLine.parse(List.of("job=list", "site=blog", "home=" + home), Map.of());
        RecentRuns.Run older = drill(4, "FAILED", "latest", "2026-12-01T00:00:00Z");
        RecentRuns.Run pinned = drill(5, "FAILED", "20261130T030000Z", "2026-12-02T00:00:00Z");
        // when
        List<ListedRun> listed = ListedRun.of(List.of(pinned, older), list, false);
        List<ListedRun> latest = ListedRun.of(List.of(older), list, false);
        // then
        assertThat(listed.get(0).resume())
                .isEqualTo("java -jar backup-batch.jar job=drill site=blog backup=20261130T030000Z home=" + home);
        assertThat(listed.get(1).resume()).as("superseded by the newer drill").isNull();
        assertThat(latest.get(0).resume()).isEqualTo("java -jar backup-batch.jar job=drill site=blog home=" + home);
    }

    @Test
    void aDrillConcernsItsSiteNotItsScratchTargetAndARestoreConcernsItsTarget() {
        // given
        RecentRuns.Run drill = drill(1, "COMPLETED", "latest", "2026-12-01T00:00:00Z");
        RecentRuns.Run restore = run(2, "COMPLETED", Map.of("site", "blog", "target", "staging"));
        // then
        assertThat(ListCommand.concerns("blog").test(drill)).isTrue();
        assertThat(ListCommand.concerns(".drill-blog-1").test(drill)).isFalse();
        assertThat(ListCommand.concerns("blog").test(restore)).isFalse();
        assertThat(ListCommand.concerns("staging").test(restore)).isTrue();
    }

    @Test
    void runsOfTheSiteAndOfItsDrillsAreMergedByStartNewestFirstWithinTheLimit() {
        // given: run ids repeat across the two repositories
        RecentRuns.Run backup1 = started(1, "backup", "2026-12-01T01:00:00Z");
        RecentRuns.Run backup2 = started(2, "backup", "2026-12-01T03:00:00Z");
        RecentRuns.Run drill1 = started(1, "drill", "2026-12-01T02:00:00Z");
        RecentRuns.Run drill2 = started(2, "drill", null);
        // when
        List<RecentRuns.Run> merged = RecentRuns.newestFirst(List.of(backup2, backup1, drill2, drill1), 3);
        // then
        assertThat(merged).containsExactly(drill2, backup2, drill1);
    }

    @Test
    void aStartedDrillIsRunningWhileTheDrillLockOwnerLivesWhateverTheSiteLock() {
        // given: the site's drill lock held by a live process, the site's own lock by none
        CommandLine list = CommandLine.parse(List.of("job=list", "site=blog", "home=" + home), Map.of());
        RecentRuns.Run drill = drill(3, "STARTED", "latest", "2026-12-01T02:00:00Z");
        RecentRuns.Run backup = run(3, "STARTED", Map.of("site", "blog", "id", "20261201T010000Z"));
        // when
        List<ListedRun> listed = ListedRun.of(List.of(drill, backup), list, r -> r.job().equals("drill"));
        // then
        assertThat(listed.get(0).state()).isEqualTo("running");
        assertThat(listed.get(0).resume()).isNull();
        assertThat(listed.get(1).state()).isEqualTo("interrupted");
        assertThat(listed.get(1).resume()).isEqualTo("java -jar backup-batch.jar job=backup site=blog home=" + home);
    }

    @Test
    void theFirstLineOfAStackTraceLosesItsExceptionClass() {
        assertThat(RecentRuns.firstLine("org.backupbatch.errors.FatalError: mysqldump failed: access denied\n\tat x.y(Z)"))
                .isEqualTo("mysqldump failed: access denied");
        assertThat(RecentRuns.firstLine("  ")).isNull();
    }

    private static RecentRuns.Run drill(long id, String status, String word, String start) {
        return new RecentRuns.Run(id, id, "drill", Map.of("site", "blog", "target", ".drill-blog-" + id, "backup",
                "20261130T030000Z", "backup.word", word), status, Instant.parse(start), null, "sha256 mismatch",
                List.of());
    }

    private static RecentRuns.Run started(long id, String job, String start) {
        return new RecentRuns.Run(id, id, job, Map.of("site", "blog"), "COMPLETED",
                start == null ? null : Instant.parse(start), null, null, List.of());
    }

    private static RecentRuns.Run run(long id, String status, Map<String, String> params) {
        String job = params.containsKey("target") ? "restore" : "backup";
        return new RecentRuns.Run(id, id, job, params, status, Instant.parse("2026-12-01T00:00:00Z"), null, null,
                List.of());
    }
}

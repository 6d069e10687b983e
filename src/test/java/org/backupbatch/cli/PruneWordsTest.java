package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words of job=prune, and the exit code of a run over several sites. */
class PruneWordsTest {

    @TempDir
    Path home;

    @Test
    void pruneTakesASiteOrAllAndADryRun() {
        // when
        CommandLine command = CommandLine.parse(List.of("job=prune", "site=all", "dry-run=yes", "home=" + home),
                Map.of());
        // then
        assertThat(command.site()).isEqualTo("all");
        assertThat(command.dryRun()).isTrue();
    }

    @Test
    void pruneRefusesWordsOfOtherJobsAndABadFlag() {
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=prune", "site=blog", "backup=latest"), Map.of()))
                .isInstanceOf(ConfigurationError.class).hasMessage("backup= is not known to job=prune; known: dry-run, "
                        + "home, job, site");
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=prune", "site=blog", "dry-run=y"), Map.of()))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("dry-run=y: use dry-run=yes");
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=prune"), Map.of()))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("site= is missing");
    }

    @Test
    void aRunOverSeveralSitesExitsWithItsWorstOutcome() {
        assertThat(ExitCodes.worst(ExitCodes.COMPLETED, ExitCodes.COMPLETED)).isEqualTo(ExitCodes.COMPLETED);
        assertThat(ExitCodes.worst(ExitCodes.ALREADY_RUNNING, ExitCodes.COMPLETED)).isEqualTo(ExitCodes.ALREADY_RUNNING);
        assertThat(ExitCodes.worst(ExitCodes.ALREADY_RUNNING, ExitCodes.BAD_CONFIGURATION))
                .isEqualTo(ExitCodes.BAD_CONFIGURATION);
        assertThat(ExitCodes.worst(ExitCodes.FAILED, ExitCodes.BAD_CONFIGURATION)).isEqualTo(ExitCodes.FAILED);
    }
}

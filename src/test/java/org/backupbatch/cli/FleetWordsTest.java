package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The words of a fleet night, job=backup site=all or sites=<group>. */
class FleetWordsTest {

    @TempDir
    Path home;

    private CommandLine parse(String... words) {
        List<String> all = new java.util.ArrayList<>(List.of(words));
        all.add("home=" + home);
        return CommandLine.parse(all, Map.of());
    }

    @Test
    void siteAllIsAFleetWithItsCapsNightAndOwnLockAndRepository() {
        // when
        CommandLine command = parse("job=backup", "site=all", "concurrency=8", "per_host=3", "night=2026-11-30");
        // then
        assertThat(command.fleet()).isTrue();
        assertThat(command.lockSite()).isEqualTo("all");
        assertThat(FleetWords.concurrency(command.params())).isEqualTo(8);
        assertThat(FleetWords.perHost(command.params())).isEqualTo(3);
        assertThat(FleetWords.night(command.params())).isEqualTo(LocalDate.of(2026, 11, 30));
        assertThat(FleetWords.selection(command.params())).isEqualTo("all");
        assertThat(FleetWords.repository(home)).isEqualTo(home.resolve(".backup-batch/fleet"));
    }

    @Test
    void aGroupAloneSelectsTheFleetAndDefaultsApply() {
        // when
        CommandLine command = parse("job=backup", "sites=agency");
        // then
        assertThat(command.fleet()).isTrue();
        assertThat(FleetWords.selection(command.params())).isEqualTo("agency");
        assertThat(FleetWords.concurrency(command.params())).isEqualTo(4);
        assertThat(FleetWords.perHost(command.params())).isEqualTo(2);
        assertThat(FleetWords.night(command.params())).isEqualTo(LocalDate.now());
    }

    @Test
    void oneSiteBackupIsUnchangedAndRefusesTheFleetWords() {
        assertThat(parse("job=backup", "site=blog").fleet()).isFalse();
        assertThat(parse("job=backup", "site=blog").lockSite()).isEqualTo("blog");
        assertThatThrownBy(() -> parse("job=backup", "site=blog", "concurrency=2"))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("concurrency= is for a fleet night");
        assertThatThrownBy(() -> parse("job=backup", "site=blog", "sites=agency"))
                .isInstanceOf(ConfigurationError.class).hasMessageContaining("give one site, or a group");
    }

    @Test
    void badCapsNightGroupNamesAndFreshAreRefusedBeforeAnythingStarts() {
        assertThatThrownBy(() -> parse("job=backup", "site=all", "concurrency=0"))
                .isInstanceOf(ConfigurationError.class).hasMessage("concurrency=0: expected a whole number from 1 to 1000");
        assertThatThrownBy(() -> parse("job=backup", "site=all", "per_host=two"))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("per_host=two:");
        assertThatThrownBy(() -> parse("job=backup", "site=all", "night=30/11/2026"))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("night=30/11/2026: expected a date");
        assertThatThrownBy(() -> parse("job=backup", "sites=../x"))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("invalid group name");
        assertThatThrownBy(() -> parse("job=backup", "site=all", "fresh=yes"))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("fresh=yes is for one site");
    }
}

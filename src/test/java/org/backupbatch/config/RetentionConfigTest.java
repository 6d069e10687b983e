package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keep_* rules and keep_snapshots_days beside backup.retention_days: defaults, layering, errors. */
class RetentionConfigTest {

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    @Test
    void aSiteThatSetsNoRuleKeepsRetentionDaysAloneAndSnapshotsAWeek() {
        // given
        home.site("blog", TestHome.sshSite());
        // when
        SiteConfig.Backup backup = home.loader().load("blog").backup();
        // then
        assertThat(backup.retentionDays()).isEqualTo(30);
        assertThat(backup.retention()).isEqualTo(SiteConfig.Retention.DEFAULT)
                .isEqualTo(new SiteConfig.Retention(0, 0, 0, 0, 0, 0, 7));
    }

    @Test
    void rulesComeFromTheSiteFileOverAProvider() {
        // given
        home.write("providers/acme.yaml", "backup: {keep_daily: 3, keep_weekly: 2}\n");
        home.site("blog", TestHome.sshSite() + "site: {provider: acme}\n"
                + "backup:\n  retention_days: 0\n  keep_last: 2\n  keep_hourly: 24\n  keep_daily: 7\n"
                + "  keep_monthly: 12\n  keep_yearly: 5\n  keep_snapshots_days: 14\n");
        // when
        SiteConfig.Backup backup = home.loader().load("blog").backup();
        // then
        assertThat(backup.retentionDays()).isZero();
        assertThat(backup.retention()).isEqualTo(new SiteConfig.Retention(2, 24, 7, 2, 12, 5, 14));
    }

    @Test
    void aNegativeCountNamesTheFileAndTheField() {
        home.site("blog", TestHome.sshSite() + "backup: {keep_daily: -7}\n");
        assertThatThrownBy(() -> home.loader().load("blog")).isInstanceOf(ConfigurationError.class)
                .hasMessage("jobs/blog.yaml: backup.keep_daily: -7 is out of range; expected an integer between 0 "
                        + "and 100000");
    }

    @Test
    void aCountThatIsNotANumberNamesTheFileAndTheField() {
        home.site("blog", TestHome.sshSite() + "backup: {keep_snapshots_days: a week}\n");
        assertThatThrownBy(() -> home.loader().load("blog")).isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("jobs/blog.yaml: backup.keep_snapshots_days: expected an integer, got");
    }

    @Test
    void aMisspeltRuleIsAnErrorWithASuggestion() {
        home.site("blog", TestHome.sshSite() + "backup: {keep_dayly: 7}\n");
        assertThatThrownBy(() -> home.loader().load("blog")).isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("jobs/blog.yaml: backup.keep_dayly: unknown key; known keys here: ")
                .hasMessageEndingWith("did you mean keep_daily?");
    }
}

package org.backupbatch.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The lines job=validate prints, and where free space stops being enough. */
class CheckResultTest {

    @Test
    void okLineHasNoFixAndOthersEndWithTheirFix() {
        // given
        CheckResult ok = CheckResult.ok("ssh login", "bbtest@host:22");
        CheckResult warning = CheckResult.warning("host key", "not recorded", "check it");
        CheckResult error = CheckResult.error("database login", "refused", "set database.password");
        // when / then
        assertThat(ok.line()).isEqualTo("ok ssh login: bbtest@host:22");
        assertThat(warning.line()).isEqualTo("warning host key: not recorded; fix: check it");
        assertThat(error.line()).isEqualTo("error database login: refused; fix: set database.password");
    }

    @Test
    void aLineBreakInACauseStaysOnOneLine() {
        // given: a remote tool's stderr of two lines
        CheckResult error = CheckResult.error("tools", "first\nerror status=COMPLETED\r", "fix it");
        // when
        String line = error.line();
        // then
        assertThat(line).doesNotContain("\n", "\r").isEqualTo("error tools: first\\nerror status=COMPLETED\\r; fix: fix it");
    }

    @Test
    void freeSpaceBelowTheEstimateIsAnErrorBelowTwiceItAWarning() {
        // given
        Path where = Path.of("/backups");
        // when
        CheckResult tooSmall = SpaceCheck.judge(999, 1000L, where);
        CheckResult tight = SpaceCheck.judge(1999, 1000L, where);
        CheckResult enough = SpaceCheck.judge(2000, 1000L, where);
        CheckResult unmeasured = SpaceCheck.judge(10, null, where);
        // then
        assertThat(tooSmall.outcome()).isEqualTo(CheckResult.Outcome.ERROR);
        assertThat(tooSmall.line()).startsWith("error free space: 999B free in /backups, a backup reads up to 1000B")
                .endsWith("; fix: free space on the disk of /backups, or set backup.destination to a larger one");
        assertThat(tight.outcome()).isEqualTo(CheckResult.Outcome.WARNING);
        assertThat(enough.outcome()).isEqualTo(CheckResult.Outcome.OK);
        assertThat(unmeasured.outcome()).isEqualTo(CheckResult.Outcome.OK);
    }
}

package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.backupbatch.backup.CheckResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * job=validate's exit codes and lines, on sites that need no server: the local transport (the
 * real find and tar of this machine) and site files that cannot be loaded.
 */
class ValidateCommandTest {

    @TempDir
    Path home;

    @Test
    void warningsPassAndAnyErrorFails() {
        // given
        CheckResult ok = CheckResult.ok("a", "fine");
        CheckResult warning = CheckResult.warning("b", "tight", "fix");
        CheckResult error = CheckResult.error("c", "broken", "fix");
        // when / then
        assertThat(ValidateCommand.exitCode(List.of(ok, warning))).isEqualTo(ExitCodes.COMPLETED);
        assertThat(ValidateCommand.exitCode(List.of(ok, error, warning))).isEqualTo(ExitCodes.FAILED);
        assertThat(ValidateCommand.status(ExitCodes.BAD_CONFIGURATION)).isEqualTo("INVALID");
    }

    @Test
    void localSiteWithExcludesPassesAndEstimatesOnlyTheSelectedFiles() throws Exception {
        // given: 3000 bytes kept, 5000 in an excluded cache
        Path site = Files.createDirectories(home.resolve("site/wp-content/cache"));
        Files.write(home.resolve("site/index.php"), new byte[3000]);
        Files.write(site.resolve("page.html"), new byte[5000]);
        writeSite("local", "files:\n  remote_path: site\n  exclude_patterns: [\"wp-content/cache/**\"]\n");
        // when
        Output run = validate("local");
        // then
        assertThat(run.code).as(run.text).isZero();
        assertThat(run.lines()).contains("ok database: none configured: the backups hold the files only")
                .anyMatch(l -> l.startsWith("ok files estimate: 1 files, 2.9KB (0 include and 1 exclude patterns)"))
                .anyMatch(l -> l.startsWith("ok tools: tar (GNU tar)"))
                .anyMatch(l -> l.matches("ok compression: (gzip|pigz) -6 \\(backup.compression: auto\\)"));
        assertThat(run.lastLine()).startsWith("validate site=local status=COMPLETED checks=9 warnings=0 errors=0 "
                + "files_estimate=2.9KB db_estimate=- free=");
        assertThat(home.resolve("backups")).doesNotExist();
    }

    @Test
    void missingFolderIsAnErrorNamingTheFieldAndExitsOne() throws Exception {
        // given
        writeSite("gone", "files:\n  remote_path: nowhere\n");
        // when
        Output run = validate("gone");
        // then
        assertThat(run.code).isEqualTo(ExitCodes.FAILED);
        assertThat(run.lines()).anyMatch(l -> l.startsWith("error remote path: files.remote_path: ")
                && l.contains("nowhere is not a readable folder") && l.contains("; fix: set files.remote_path in "
                + "jobs/gone.yaml"));
        assertThat(run.lastLine()).startsWith("validate site=gone status=FAILED ").contains(" errors=1 ",
                " files_estimate=- ");
    }

    @Test
    void allValidatesEverySiteAndABadSiteFileMakesItExitTwo() throws Exception {
        // given: one good site, one with a typo in a key
        Files.createDirectories(home.resolve("site"));
        writeSite("good", "files:\n  remote_path: site\n");
        writeSite("typo", "files:\n  remote_path: site\n  exclude_pattern: [\"*.log\"]\n");
        // when
        Output run = validate("all");
        // then
        assertThat(run.code).as(run.text).isEqualTo(ExitCodes.BAD_CONFIGURATION);
        assertThat(run.lines()).anyMatch(l -> l.startsWith("validate site=good status=COMPLETED "))
                .anyMatch(l -> l.startsWith("error configuration: ") && l.contains("exclude_pattern"))
                .anyMatch(l -> l.startsWith("validate site=typo status=INVALID "));
        assertThat(run.lastLine()).startsWith("validate site=all status=INVALID sites=2 failed=1 duration=");
    }

    private void writeSite(String name, String files) throws Exception {
        Files.createDirectories(home.resolve("jobs"));
        Files.writeString(home.resolve("jobs").resolve(name + ".yaml"), "site:\n  app_type: custom\n  transport: local\n"
                + files + "database:\n  enabled: false\nbackup:\n  destination: " + home.resolve("backups") + "\n");
    }

    private Output validate(String site) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code = new ValidateCommand(home, Map.of()).run(site, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        return new Output(code, bytes.toString(StandardCharsets.UTF_8));
    }

    private record Output(int code, String text) {
        List<String> lines() {
            return text.lines().toList();
        }

        String lastLine() {
            List<String> lines = lines();
            return lines.get(lines.size() - 1);
        }
    }
}

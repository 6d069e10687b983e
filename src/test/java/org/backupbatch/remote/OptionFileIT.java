package org.backupbatch.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteConfig;
import org.backupbatch.it.HostileStrings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The option file that carries the credentials, read back by MariaDB's own parser
 * ({@code my_print_defaults}, the code every client runs): thousands of hostile user names and
 * passwords (quotes, backslashes, {@code #}, line breaks, leading and trailing spaces, any
 * Unicode) come out exactly as they went in, and none adds an option of its own. Needs the
 * MariaDB client that {@code scripts/test-env.sh up} installs.
 */
class OptionFileIT {

    private static final int PER_SEED = 1000;

    @TempDir
    Path tmp;

    @Test
    void mariadbReadsEveryHostileUserAndPasswordBackExactly() throws Exception {
        // given: one group per credential pair, in one file
        List<Long> seeds = HostileStrings.seeds();
        StringBuilder file = new StringBuilder();
        StringBuilder expected = new StringBuilder();
        List<String> command = new ArrayList<>(List.of("my_print_defaults", "--defaults-file=" + tmp.resolve("my.cnf")));
        for (long seed : seeds) {
            HostileStrings gen = new HostileStrings(seed, "optionfile");
            for (int i = 0; i < PER_SEED; i++) {
                String user = gen.identifier(40);
                String password = gen.text(i % 10 == 0 ? 300 : 60, true);
                String group = "g" + command.size();
                file.append(new String(OptionFile.render(new SiteConfig.Database("localhost", 3306, null, "db", user,
                        Secret.of(password))), StandardCharsets.UTF_8).replace("[client]", "[" + group + "]"));
                expected.append("--default-character-set=utf8mb4\n--user=").append(user).append("\n--password=")
                        .append(password).append("\n--host=localhost\n--port=3306\n");
                command.add(group);
            }
        }
        Files.writeString(tmp.resolve("my.cnf"), file, StandardCharsets.UTF_8);

        // when
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();

        // then
        assertThat(process.exitValue()).as(out).isZero();
        String want = expected.toString();
        int at = 0;
        while (at < Math.min(out.length(), want.length()) && out.charAt(at) == want.charAt(at)) {
            at++;
        }
        int from = Math.max(0, want.lastIndexOf("--user=", at));
        assertThat(out.substring(Math.min(from, out.length()), Math.min(out.length(), at + 80)))
                .as(HostileStrings.replay(seeds) + ": my_print_defaults differs from what was written at char " + at)
                .isEqualTo(want.substring(from, Math.min(want.length(), at + 80)));
        assertThat(out).isEqualTo(want);
    }
}

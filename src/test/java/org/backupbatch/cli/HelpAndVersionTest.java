package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code --help}, {@code help}, {@code job=help}, no words, {@code --version}: through {@link Main#run}. */
class HelpAndVersionTest {

    private static final List<String> PRODUCT_JOBS = List.of("backup", "restore", "list", "config", "validate", "prune",
            "drill", "worker");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream savedOut;
    private PrintStream savedErr;

    @BeforeEach
    void captureStdoutAndStderr() {
        savedOut = System.out;
        savedErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        System.setOut(savedOut);
        System.setErr(savedErr);
    }

    @Test
    void everyHelpWordPrintsTheUsageOfEveryJobWithAnExampleAndExits0() {
        for (List<String> words : List.of(List.of("--help"), List.of("help"), List.of("job=help"),
                List.of("job=backup", "--help"))) {
            // given
            out.reset();

            // when
            int exit = Main.run(words.toArray(String[]::new));

            // then
            assertThat(exit).as(words.toString()).isZero();
            String printed = out.toString(StandardCharsets.UTF_8);
            for (String job : PRODUCT_JOBS) {
                assertThat(printed).as(job).contains("  job=" + job + " ")
                        .contains("e.g. java -jar backup-batch.jar job=" + job + " ");
            }
            assertThat(printed).contains("java -jar backup-batch.jar --help | --version").endsWith("help status=COMPLETED\n");
        }
    }

    @Test
    void helpMarksTheJobsThisBuildDoesNotHaveYet() {
        // when
        String usage = HelpCommand.usage();

        // then
        assertThat(usage).containsPattern("(?m)^  job=config .*\\n      show a site's configuration[^\\n]*ENC\\(\\.\\.\\.\\)\\n");
        for (String job : PRODUCT_JOBS) {
            assertThat(usage.contains("job=" + job + " ") && usage.split("  job=" + job + " ")[1].split("\n")[1]
                    .endsWith("(not in this build yet)")).as(job).isEqualTo(!CommandLine.JOBS.containsKey(job));
        }
    }

    @Test
    void eachJobsUsageNamesEveryWordTheJobAcceptsAndItsExampleIsAcceptedWords() {
        // when
        String usage = HelpCommand.usage();
        // then
        for (String job : PRODUCT_JOBS) {
            if (!CommandLine.JOBS.containsKey(job)) {
                continue;
            }
            String[] block = usage.split("\n  job=" + job + " ")[1].split("\n");
            for (String word : CommandLine.JOBS.get(job)) {
                if (!word.equals("job") && !word.equals("home")) { // home=: once, under the jobs
                    assertThat(block[0]).as(job).contains(word + "=");
                }
            }
            String example = block[2].substring(block[2].indexOf("job="));
            CommandLine parsed = CommandLine.parse(List.of(example.split(" ")), Map.of());
            assertThat(parsed.job()).as(example).isEqualTo(job);
        }
    }

    @Test
    void noWordsPrintTheSameUsageButExit2() {
        // when
        int exit = Main.run(new String[0]);

        // then
        assertThat(exit).isEqualTo(2);
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).startsWith(HelpCommand.usage())
                .endsWith("backup-batch status=INVALID error=\"job= is missing\"\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("error: job= is missing\n");
    }

    @Test
    void versionPrintsTheToolsSpringBatchAndJavaVersionsAndExits0() {
        // when
        int exit = Main.run(new String[] {"--version"});

        // then
        assertThat(exit).isZero();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines.get(0)).matches("backup-batch (dev|\\d+\\.\\d+\\.\\d+.*)");
        assertThat(lines.get(1)).matches("Spring Batch 6\\.\\d+\\.\\d+, Spring Boot 4\\.\\d+\\.\\d+");
        assertThat(lines.get(2)).startsWith("Java " + Runtime.version() + " (");
        assertThat(lines.get(3)).matches("version backup-batch=\\S+ spring-batch=6\\.\\S+ spring-boot=4\\.\\S+ java="
                + java.util.regex.Pattern.quote(Runtime.version().toString()) + " status=COMPLETED");
    }

    @Test
    void helpAndVersionNeedNoHomeFolder() {
        // given: a home that does not exist, which any other job refuses
        Map<String, String> env = Map.of("BACKUP_BATCH_HOME", "/nonexistent/backup-batch-home");

        // when
        CommandLine help = CommandLine.parse(List.of("--help"), env);
        CommandLine version = CommandLine.parse(List.of("--version"), env);

        // then
        assertThat(help.job()).isEqualTo("help");
        assertThat(version.job()).isEqualTo("version");
        assertThat(help.home()).isNull();
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=config", "site=blog"), env))
                .hasMessageStartingWith("home folder /nonexistent/backup-batch-home does not exist");
    }
}

package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.backupbatch.config.Secret;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The logging set up in code: what the XML configuration it replaces wrote, line for line. */
class LogSetupTest {

    private final LoggerContext context = new LoggerContext();

    @BeforeEach
    void start() {
        context.setMDCAdapter(new LogbackMDCAdapter()); // a context of its own, as SLF4J's binding would make
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void writesEachMessageOnOneLineWithEverySecretMasked(@TempDir Path tmp) throws Exception {
        // given
        Path file = tmp.resolve("logs/backup-batch.log");
        Secret.remember("bbst-s3cr3t-value");
        LogSetup.withFile(context, file.toString());

        // when
        context.getLogger("org.backupbatch.x").info("name {} and bbst-s3cr3t-value",
                "two\nlines\rhere");
        context.stop();

        // then
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-][0-9:]+) INFO  \\[[^]]+] "
                + "org\\.backupbatch\\.x - name two\\\\nlines\\\\rhere and <hidden>");
    }

    @Test
    void keepsTheNoisyLoggersQuietAndTheStartupChainInTheFileOnly(@TempDir Path tmp) throws Exception {
        // given
        Path file = tmp.resolve("backup-batch.log");
        LogSetup.withFile(context, file.toString());

        // when
        context.getLogger("org.springframework.batch.core.step.AbstractStep").error("a step failed");
        context.getLogger("com.zaxxer.hikari.pool").info("pool started");
        context.getLogger(StartupFailure.class).debug("the whole chain");
        boolean chainOnStderrToo = context.getLogger(StartupFailure.class).isAdditive();
        context.stop();

        // then
        assertThat(Files.readString(file)).doesNotContain("a step failed", "pool started").contains("the whole chain");
        assertThat(chainOnStderrToo).isFalse();
    }

    @Test
    void plainLogsOnlyWarningsAndNoFile(@TempDir Path tmp) {
        // when
        LogSetup.plain(context);

        // then
        assertThat(context.getLogger("org.backupbatch.x").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("org.backupbatch.x").isWarnEnabled()).isTrue();
        assertThat(context.getLogger("ROOT").iteratorForAppenders()).toIterable().extracting("name")
                .containsExactly("STDERR");
    }
}

package org.backupbatch.sql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shared-hosting case of PRODUCT §6: the site's DB user of the test environment
 * ({@code scripts/test-env.sh up}: ALL on {@code bb\_%}, no SUPER) loads a dump whose programs
 * name another definer.
 */
class DumpRewriterSiteUserTest {

    private static final Path TEST_ENV = Path.of(System.getProperty("backup-batch.test-env",
            System.getenv().getOrDefault("BB_TEST_DIR", "/var/tmp/backup-batch-test") + "/test-env.properties"));

    private final String source = Cli.freshDatabaseName();
    private final String target = source + "_r";

    @AfterEach
    void dropDatabases() throws IOException {
        Cli.sql(null, "DROP DATABASE IF EXISTS `" + source + "`; DROP DATABASE IF EXISTS `" + target + "`;");
    }

    @Test
    void aDumpWithAnotherDefinerLoadsAsTheSiteUserOnlyOnceRewritten(@TempDir Path dir) throws Exception {
        // given: programs defined by root, dumped
        Properties env = testEnv();
        Cli.sql(null, "CREATE DATABASE `" + source + "`; USE `" + source + "`; CREATE TABLE t (id INT);"
                + " CREATE DEFINER=`root`@`localhost` VIEW v AS SELECT id FROM t;"
                + " CREATE DEFINER=`root`@`localhost` TRIGGER tr BEFORE INSERT ON t FOR EACH ROW SET NEW.id = NEW.id + 1;"
                + " CREATE DEFINER=`root`@`localhost` PROCEDURE p() SELECT COUNT(*) FROM t;"
                + " CREATE DATABASE `" + target + "`;");
        byte[] dump = Cli.mysqldump(source);
        Path options = siteUserOptions(dir, env);
        Cli.Outcome unchanged = Cli.run(dump, "mariadb", "--defaults-file=" + options, target);
        Cli.sql(null, "DROP DATABASE `" + target + "`; CREATE DATABASE `" + target + "`;");
        ByteArrayOutputStream rewritten = new ByteArrayOutputStream();

        // when
        DumpRewriter.copying().withDefinersAsCurrentUser().rewrite(new ByteArrayInputStream(dump), rewritten);
        Cli.Outcome loaded = Cli.run(rewritten.toByteArray(), "mariadb", "--defaults-file=" + options, target);

        // then
        assertThat(unchanged.status()).isNotZero();
        assertThat(unchanged.stderr()).contains("SUPER");
        assertThat(loaded.status()).as(loaded.stderr()).isZero();
        String user = env.getProperty("db.user") + "@localhost";
        assertThat(Cli.sql(null, "SELECT DEFINER FROM information_schema.VIEWS WHERE TABLE_SCHEMA = '" + target
                + "' UNION ALL SELECT DEFINER FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '" + target
                + "' UNION ALL SELECT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_SCHEMA = '" + target + "'"))
                .isEqualTo((user + "\n").repeat(3));
    }

    /** A client option file for the site user, as the loader would write it (never on a command line). */
    private static Path siteUserOptions(Path dir, Properties env) throws IOException {
        String password = env.getProperty("db.password").replace("\\", "\\\\").replace("\"", "\\\"");
        return Files.writeString(dir.resolve("site.cnf"),
                "[client]\nuser=" + env.getProperty("db.user") + "\npassword=\"" + password + "\"\n");
    }

    private static Properties testEnv() throws IOException {
        if (!Files.isRegularFile(TEST_ENV)) {
            fail("test environment missing: " + TEST_ENV + " not found. As root, run: scripts/test-env.sh up");
        }
        Properties env = new Properties();
        try (InputStream in = Files.newInputStream(TEST_ENV)) {
            env.load(in);
        }
        return env;
    }
}

package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WpConfigRewriterTest {

    // Backslashes are doubled for Java. The old password's literal is also in a comment and a nowdoc.
    private static final String WP_CONFIG = """
            <?php
            /**
             * The base configuration for WordPress
             *
             * define( 'DB_NAME', 'blog_wp' );
             */

            // ** Database settings - You can get this info from your web host ** //
            /** The name of the database for WordPress */
            define( 'DB_NAME', 'blog_wp' );

            /** Database username */
            define('DB_USER','blog_wp');

            // define( 'DB_PASSWORD', 'p\\'a"s$s;w\\\\o\\rd\\\\' );
            $note = <<<'EOT'
            define( 'DB_PASSWORD', 'p\\'a"s$s;w\\\\o\\rd\\\\' );
            EOT;
            /** Database password */
            define( 'DB_PASSWORD', 'p\\'a"s$s;w\\\\o\\rd\\\\' );

            /** Database hostname */
            define( "DB_HOST", "localhost:/var/run/mysqld/mysqld.sock" );

            /** Database charset to use in creating database tables. */
            define( 'DB_CHARSET', 'utf8mb4' );
            define( 'DB_COLLATE', '' );

            define( 'AUTH_KEY',         'f$W/*[1vL-9$ec|L#p:&3Z!*/x' );
            define( 'SECURE_AUTH_KEY',  'N9#k]%3;Y&@LoA9//x/bbQ,+v=' );
            define( 'NONCE_KEY',        "dQ{yC*}_f4\\"r2" );

            $table_prefix = 'wp_';

            define( 'WP_DEBUG', false );
            if ( ! defined( 'WP_DEBUG_LOG' ) ) {
                define( 'WP_DEBUG_LOG', getenv( 'WP_DEBUG_LOG' ) );
            }

            /* That's all, stop editing! Happy publishing. */

            /** Absolute path to the WordPress directory. */
            if ( ! defined( 'ABSPATH' ) ) {
                define( 'ABSPATH', __DIR__ . '/' );
            }

            /** Sets up WordPress vars and included files. */
            require_once ABSPATH . 'wp-settings.php';
            """;

    private static final String PASSWORD = "n'ew \"pa$$;word\" \\' \\\\ ${x} ?> end\\";

    private static Map<String, String> staging() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("DB_NAME", "staging_wp");
        values.put("DB_USER", "staging_user");
        values.put("DB_PASSWORD", PASSWORD);
        values.put("DB_HOST", "db.internal:3307");
        return values;
    }

    @Test
    void changesOnlyTheLiteralsOfTheGivenDefines() {
        // when
        String rewritten = WpConfigRewriter.rewrite(WP_CONFIG, staging());

        // then
        String expected = WP_CONFIG
                .replace("define( 'DB_NAME', 'blog_wp' );\n\n", "define( 'DB_NAME', 'staging_wp' );\n\n")
                .replace("define('DB_USER','blog_wp');", "define('DB_USER','staging_user');")
                .replace("/** Database password */\ndefine( 'DB_PASSWORD', 'p\\'a\"s$s;w\\\\o\\rd\\\\' );",
                        "/** Database password */\ndefine( 'DB_PASSWORD', 'n\\'ew \"pa$$;word\" \\\\\\' \\\\\\\\ ${x} ?> end\\\\' );")
                .replace("define( \"DB_HOST\", \"localhost:/var/run/mysqld/mysqld.sock\" );",
                        "define( \"DB_HOST\", 'db.internal:3307' );");
        assertThat(rewritten).isEqualTo(expected);
        assertThat(changedLines(WP_CONFIG, rewritten)).containsExactly(9, 12, 19, 22);
    }

    @Test
    void phpReadsTheNewValues(@TempDir Path site) throws Exception {
        // given: the file included as WordPress does, with an empty wp-settings.php beside it
        Files.writeString(site.resolve("wp-config.php"), WpConfigRewriter.rewrite(WP_CONFIG, staging()));
        Files.writeString(site.resolve("wp-settings.php"), "<?php\n");

        // when
        String constants = php("include '" + site.resolve("wp-config.php")
                + "'; echo implode(\"\\0\", [DB_NAME, DB_USER, DB_PASSWORD, DB_HOST, AUTH_KEY, $table_prefix]);");

        // then
        assertThat(constants.split("\0")).containsExactly("staging_wp", "staging_user", PASSWORD, "db.internal:3307",
                "f$W/*[1vL-9$ec|L#p:&3Z!*/x", "wp_");
    }

    @Test
    void theParserReadsTheNewValues() {
        // when
        WpDatabaseSettings settings = WpConfigParser.parse(WpConfigRewriter.rewrite(WP_CONFIG, staging()));

        // then
        assertThat(settings.name()).isEqualTo("staging_wp");
        assertThat(settings.user()).isEqualTo("staging_user");
        assertThat(settings.password().reveal()).isEqualTo(PASSWORD);
        assertThat(settings.host()).isEqualTo("db.internal");
        assertThat(settings.port()).isEqualTo(3307);
    }

    @Test
    void changesTheFirstDefineOnlyAsPhpKeepsTheFirst() {
        // given
        String php = "<?php define('DB_NAME', 'wp'); define('DB_USER', 'wp'); define('DB_NAME', 'wp');\n";

        // when
        String rewritten = WpConfigRewriter.rewrite(php, Map.of("DB_USER", "new"));

        // then
        assertThat(rewritten).isEqualTo("<?php define('DB_NAME', 'wp'); define('DB_USER', 'new'); define('DB_NAME', 'wp');\n");
        assertThat(WpConfigRewriter.rewrite(php, Map.of("DB_NAME", "x")))
                .isEqualTo("<?php define('DB_NAME', 'x'); define('DB_USER', 'wp'); define('DB_NAME', 'wp');\n");
    }

    @Test
    void refusesADefineThatIsMissingOrOnlyInAComment() {
        // given
        String php = "<?php\n// define('DB_HOST', 'localhost');\ndefine('DB_NAME', 'wp');\n";

        // then
        assertThatThrownBy(() -> WpConfigRewriter.rewrite(php, Map.of("DB_HOST", "db")))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("wp-config.php: DB_HOST is not defined; cannot set it");
    }

    @Test
    void refusesAValuePhpWouldCompute() {
        // given
        String php = "<?php define('DB_PASSWORD', getenv('DB_PASSWORD')); define('DB_USER', 'wp_' . 'user');\n";

        // then
        for (String constant : List.of("DB_PASSWORD", "DB_USER")) {
            assertThatThrownBy(() -> WpConfigRewriter.rewrite(php, Map.of(constant, "secret")))
                    .isInstanceOf(ConfigurationError.class)
                    .hasMessage("wp-config.php: " + constant
                            + " is not a plain string literal (PHP would compute it); cannot set it")
                    .message().doesNotContain("secret");
        }
    }

    @Test
    void quotesOnlyBackslashesAndSingleQuotes() {
        assertThat(WpConfigRewriter.singleQuoted("a'b\\c$d\"e\\")).isEqualTo("'a\\'b\\\\c$d\"e\\\\'");
    }

    private static List<Integer> changedLines(String before, String after) {
        List<String> old = before.lines().toList();
        List<String> now = after.lines().toList();
        assertThat(now).hasSameSizeAs(old);
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (!old.get(i).equals(now.get(i))) {
                changed.add(i);
            }
        }
        return changed;
    }

    private static String php(String code) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("php", "-r", code).redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("php: %s", out).isZero();
        return out;
    }
}

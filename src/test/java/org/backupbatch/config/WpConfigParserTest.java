package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.backupbatch.config.SiteConfig.Database;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WpConfigParserTest {

    // Backslashes are doubled for Java: the PHP source has \' and \\ in the single-quoted password.
    private static final String REALISTIC = """
            <?php
            /**
             * The base configuration for WordPress
             *
             * define( 'DB_NAME', 'commented_in_docblock' );
             * @package WordPress
             */

            // ** Database settings - You can get this info from your web host ** //
            /** The name of the database for WordPress */
            define( 'DB_NAME', 'blog_wp' );

            /** Database username */
            define('DB_USER','blog_user');

            // define( 'DB_PASSWORD', 'old-password' );
            # define( 'DB_PASSWORD', 'older-password' );
            /* define( 'DB_PASSWORD', 'oldest-password' ); */
            /** Database password */
            define( 'DB_PASSWORD', 'p\\'a"s$s;w\\\\o\\rd\\\\' );

            /** Database hostname */
            define( 'DB_HOST', 'localhost:/var/run/mysqld/mysqld.sock' );

            /** Database charset to use in creating database tables. */
            define( 'DB_CHARSET', 'utf8mb4' );
            define( 'DB_COLLATE', '' );

            define( 'AUTH_KEY',         'f$W/*[1vL-9$ec|L#p:&3Z!*/x' );
            define( 'SECURE_AUTH_KEY',  'N9#k]%3;Y&@LoA9//x/bbQ,+v=' );
            define( 'LOGGED_IN_KEY',    '#(6 >Oo=v,Z`Yx]3hT<?php ?>' );
            define( 'NONCE_KEY',        "dQ{yC*}_f4\\"r2" );
            define( 'WP_HOME', 'https://blog.example.org' );
            $note = "define('DB_NAME', 'inside_a_string')";

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

    @Test
    void readsTheDatabaseSettingsOfARealisticWpConfig() {
        // when
        WpDatabaseSettings settings = WpConfigParser.parse(REALISTIC);

        // then
        assertThat(settings.name()).isEqualTo("blog_wp");
        assertThat(settings.user()).isEqualTo("blog_user");
        assertThat(settings.password().reveal()).isEqualTo("p'a\"s$s;w\\o\\rd\\");
        assertThat(settings.host()).isEqualTo("localhost");
        assertThat(settings.port()).isNull();
        assertThat(settings.socket()).isEqualTo("/var/run/mysqld/mysqld.sock");
        assertThat(settings.toString()).doesNotContain("p'a");
    }

    @Test
    void decodesDoubleQuotedEscapesLikePhp() {
        // given: PHP escapes \" \$ \\ \x41 \101 backslash-u{e9} \t and an unknown \q
        String php = """
                <?php
                define("DB_NAME", "db");
                DEFINE ( "DB_USER" , "us\\145r" ) ;
                define("DB_PASSWORD", "q\\"u'o\\$te;s\\\\x\\x41\\101\\u{e9}\\t\\q$");
                """;

        // when
        WpDatabaseSettings settings = WpConfigParser.parse(php);

        // then
        assertThat(settings.user()).isEqualTo("user");
        assertThat(settings.password().reveal()).isEqualTo("q\"u'o$te;s\\xAA\u00e9\t\\q$");
    }

    @Test
    void singleQuotedStringsKeepEveryOtherBackslash() {
        // given: PHP source 'a\nb\\c\'d\$e'
        String php = "<?php define('DB_NAME','n'); define('DB_USER','u'); define('DB_PASSWORD', 'a\\nb\\\\c\\'d\\$e');";

        // when
        WpDatabaseSettings settings = WpConfigParser.parse(php);

        // then
        assertThat(settings.password().reveal()).isEqualTo("a\\nb\\c'd\\$e");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "localhost                                | localhost      | -    | -",
        "localhost:3307                           | localhost      | 3307 | -",
        "localhost:/var/run/mysqld/mysqld.sock    | localhost      | -    | /var/run/mysqld/mysqld.sock",
        "127.0.0.1                                | 127.0.0.1      | -    | -",
        "127.0.0.1:3308                           | 127.0.0.1      | 3308 | -",
        "[::1]:3307                               | ::1            | 3307 | -",
        "[::1]                                    | ::1            | -    | -",
        "::1                                      | ::1            | -    | -",
        "p:localhost                              | localhost      | -    | -",
        "p:db.example.net:3309                    | db.example.net | 3309 | -",
        ":/tmp/mysql.sock                         | localhost      | -    | /tmp/mysql.sock",
        "db.example.net:3310:/tmp/mysql.sock      | db.example.net | 3310 | /tmp/mysql.sock",
    })
    void splitsDbHostIntoHostPortAndSocket(String dbHost, String host, Integer port, String socket) {
        // given
        String php = "<?php define('DB_NAME','n'); define('DB_USER','u'); define('DB_PASSWORD','p'); define('DB_HOST', '"
                + dbHost + "');";

        // when
        WpDatabaseSettings settings = WpConfigParser.parse(php);

        // then
        assertThat(settings.host()).isEqualTo(host);
        assertThat(settings.port()).isEqualTo(port);
        assertThat(settings.socket()).isEqualTo(socket);
    }

    @Test
    void missingDbHostMeansLocalhost() {
        // when
        WpDatabaseSettings settings = WpConfigParser.parse("<?php define('DB_NAME','n'); define('DB_USER','u'); define('DB_PASSWORD','p');");

        // then
        assertThat(settings.host()).isEqualTo("localhost");
        assertThat(settings.port()).isNull();
    }

    @Test
    void invalidPortInDbHostIsRefused() {
        assertThatThrownBy(() -> WpConfigParser.parse(
                "<?php define('DB_NAME','n'); define('DB_USER','u'); define('DB_PASSWORD','p'); define('DB_HOST','localhost:abc');"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("wp-config.php: DB_HOST \"localhost:abc\" has an invalid port \"abc\"");
    }

    @Test
    void commentedOutDefinesAreIgnored() {
        // given
        String php = """
                <?php
                /* define('DB_PASSWORD', 'block'); */
                // define('DB_PASSWORD', 'line');
                # define('DB_PASSWORD', 'hash');
                define('DB_NAME', 'n'); // define('DB_USER', 'trailing');
                define('DB_USER', 'u');
                """;

        // then
        assertThatThrownBy(() -> WpConfigParser.parse(php))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("wp-config.php: DB_PASSWORD is not defined; set it there or in the site file under database");
    }

    @Test
    void firstDefinitionWinsAsInPhp() {
        // when
        WpDatabaseSettings settings = WpConfigParser.parse(
                "<?php define('DB_NAME','first'); define('DB_NAME','second'); define('DB_USER','u'); define('DB_PASSWORD','p');");

        // then
        assertThat(settings.name()).isEqualTo("first");
    }

    @Test
    void variableInterpolationInThePasswordIsRefused() {
        assertThatThrownBy(() -> WpConfigParser.parse(
                "<?php define('DB_NAME','n'); define('DB_USER','u'); define('DB_PASSWORD', \"pre{$secret}post\");"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("wp-config.php: DB_PASSWORD uses PHP variable interpolation; not supported: "
                        + "set its value in the site file under database");
    }

    @Test
    void computedPasswordIsRefused() {
        assertThatThrownBy(() -> WpConfigParser.parse(
                "<?php define('DB_NAME','n'); define('DB_USER','u'); define('DB_PASSWORD', getenv('DB_PASSWORD'));"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("wp-config.php: DB_PASSWORD is not a plain string literal");
    }

    @Test
    void discoverLetsTheSiteFileStandInForWhatWpConfigComputes() {
        // given
        Database configured = new Database("localhost", 3306, null, null, null, Secret.of("from-site"), Set.of("password"));
        String php = "<?php define('DB_NAME','n'); define('DB_USER','u'); define('DB_PASSWORD', getenv('X')); define('DB_HOST','db:3307');";

        // when
        Database database = WpConfigParser.discover(configured, php);

        // then
        assertThat(database).isEqualTo(new Database("db", 3307, null, "n", "u", Secret.of("from-site"), Set.of("password")));
    }
}

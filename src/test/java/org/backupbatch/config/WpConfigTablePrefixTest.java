package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.backupbatch.config.SiteConfig.Database;
import org.backupbatch.config.SiteConfig.Tables;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code $table_prefix} of wp-config.php, and how it joins the configured database. */
class WpConfigTablePrefixTest {

    private static final String DEFINES =
            "<?php\ndefine('DB_NAME','n'); define('DB_USER','u'); define('DB_PASSWORD','p');\n";

    /** A WordPress site's database as the built-in template gives it: the tables of a prefix to read. */
    private static Database byPrefix() {
        return new Database("localhost", 3306, null, null, null, null, Tables.PREFIX, null, Set.of());
    }

    @Test
    void readsASingleQuotedPrefix() {
        // when
        WpDatabaseSettings settings = WpConfigParser.parse(DEFINES + "$table_prefix  =  'wp2_' ;\n");

        // then
        assertThat(settings.tablePrefix()).isEqualTo("wp2_");
    }

    @Test
    void decodesTheEscapesOfADoubleQuotedPrefix() {
        // when: \x5f is "_", \160 is "p", \$ is "$"
        WpDatabaseSettings settings = WpConfigParser.parse(DEFINES + "$table_prefix = \"w\\160\\x5f\\$\";\n");

        // then
        assertThat(settings.tablePrefix()).isEqualTo("wp_$");
    }

    @Test
    void assignmentsInCommentsAndStringsAndReadsOfTheVariableAreIgnored() {
        // given
        String php = DEFINES + """
                // $table_prefix = 'line_';
                # $table_prefix = 'hash_';
                /* $table_prefix = 'block_'; */
                $note = "$table_prefix = 'string_'";
                $table_prefix = 'site_';
                if ( $table_prefix == 'other_' || $table_prefix === 'x_' || $table_prefix != 'y_' ) { }
                $options = $table_prefix . 'options';
                $map = array( $table_prefix => 1 );
                $wpdb->table_prefix = 'property_';
                """;

        // when
        WpDatabaseSettings settings = WpConfigParser.parse(php);

        // then
        assertThat(settings.tablePrefix()).isEqualTo("site_");
    }

    @Test
    void theSameLiteralAssignedTwiceIsThatPrefix() {
        // when
        Database database = WpConfigParser.discover(byPrefix(),
                DEFINES + "if (X) { $table_prefix = 'wp_'; } else { $table_prefix = 'wp_'; }");

        // then
        assertThat(database.tablePrefix()).isEqualTo("wp_");
    }

    @Test
    void aMissingPrefixIsAnErrorWhenTheBackupTakesThePrefixTables() {
        assertThatThrownBy(() -> WpConfigParser.discover(byPrefix(), DEFINES + "// $table_prefix = 'wp_';\n"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("wp-config.php: $table_prefix is not set; set database.table_prefix in the site file, "
                        + "or database.tables: all");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "$table_prefix = getenv('PREFIX') ?: 'wp_';",
        "$table_prefix = 'wp' . '_';",
        "$table_prefix = \"{$env}_\";",
        "$table_prefix = `echo wp_`;",
        "$table_prefix = 'wp_'; $table_prefix .= 'x';",
        "$table_prefix = 'wp_'; $table_prefix ??= 'x';",
        "$table_prefix = $other;"})
    void aComputedPrefixIsAnErrorWhenTheBackupTakesThePrefixTables(String assignment) {
        assertThatThrownBy(() -> WpConfigParser.discover(byPrefix(), DEFINES + assignment))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("wp-config.php: $table_prefix is not a plain string literal (PHP would compute it); "
                        + "set database.table_prefix in the site file, or database.tables: all");
    }

    @Test
    void prefixesThatDifferByBranchAreAnError() {
        assertThatThrownBy(() -> WpConfigParser.discover(byPrefix(),
                DEFINES + "if (STAGING) { $table_prefix = 'stg_'; } else { $table_prefix = 'wp_'; }"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessage("wp-config.php: $table_prefix is assigned different values (\"stg_\", \"wp_\"); "
                        + "set database.table_prefix in the site file");
    }

    @Test
    void thePrefixTheSiteFileSetsWinsAndWpConfigMayComputeIt() {
        // given
        Database configured = new Database("localhost", 3306, null, null, null, null, Tables.PREFIX, "wp2_",
                Set.of("table_prefix"));

        // when
        Database computed = WpConfigParser.discover(configured, DEFINES + "$table_prefix = getenv('P');");
        Database literal = WpConfigParser.discover(configured, DEFINES + "$table_prefix = 'wp_';");

        // then
        assertThat(computed.tablePrefix()).isEqualTo("wp2_");
        assertThat(literal.tablePrefix()).isEqualTo("wp2_");
        assertThat(literal.name()).isEqualTo("n");
    }

    @Test
    void whenTheBackupTakesAllTablesThePrefixIsRecordedIfKnownAndNeverRequired() {
        // given
        Database all = new Database("localhost", 3306, null, null, null, null, Set.of());

        // when
        Database missing = WpConfigParser.discover(all, DEFINES);
        Database computed = WpConfigParser.discover(all, DEFINES + "$table_prefix = getenv('P');");
        Database literal = WpConfigParser.discover(all, DEFINES + "$table_prefix = 'wp_';");

        // then
        assertThat(missing.tablePrefix()).isNull();
        assertThat(computed.tablePrefix()).isNull();
        assertThat(literal.tablePrefix()).isEqualTo("wp_");
        assertThat(literal.tables()).isEqualTo(Tables.ALL);
    }

    @Test
    void discoverTablePrefixTakesOnlyThePrefixFromWpConfig() {
        // given: a site file that gives every credential itself
        Database configured = new Database("localhost", 3306, null, "site_db", "site_user", Secret.of("pw"),
                Tables.PREFIX, null, Set.of("name", "user", "password"));

        // when
        Database database = WpConfigParser.discoverTablePrefix(configured,
                "<?php define('DB_NAME', 'other'); $table_prefix = 'wp3_';");

        // then
        assertThat(database).isEqualTo(new Database("localhost", 3306, null, "site_db", "site_user", Secret.of("pw"),
                Tables.PREFIX, "wp3_", Set.of("name", "user", "password")));
    }

    @Test
    void discoverTablePrefixStillNeedsALiteral() {
        // given
        Database configured = new Database("localhost", 3306, null, "site_db", "site_user", Secret.of("pw"),
                Tables.PREFIX, null, Set.of("name", "user", "password"));

        // then
        assertThatThrownBy(() -> WpConfigParser.discoverTablePrefix(configured, "<?php $table_prefix = PREFIX;"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("wp-config.php: $table_prefix is not a plain string literal");
    }

    @Test
    void parseLeavesAnUnknownPrefixNull() {
        assertThat(WpConfigParser.parse(DEFINES).tablePrefix()).isNull();
        assertThat(WpConfigParser.parse(DEFINES + "$table_prefix = PREFIX;").tablePrefix()).isNull();
    }
}

package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.BeanCreationException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;

/**
 * The one line a start-up failure gives, from chains shaped as Spring and the MariaDB driver make
 * them (StartupFailureIT meets the real ones).
 */
class StartupFailureTest {

    @TempDir
    Path home;

    private final Path log = Path.of("/h/logs/backup-batch.log");

    @Test
    void aRefusedLoginNamesTheUrlWithoutItsPasswordTheCauseAndTheFix() {
        // given
        CommandLine command = command("spring.datasource.url=jdbc:mariadb://db:3306/bb?user=bb&password=Xy-9931");
        Throwable chain = springChain(new SQLInvalidAuthorizationSpecException(
                "(conn=7319) Access denied for user 'bb'@'10.0.0.2'", "28000", 1045));
        // when
        String line = StartupFailure.describe(chain, command, log);
        // then
        assertThat(line).isEqualTo("cannot open the job repository jdbc:mariadb://db:3306/bb?user=bb&password=<hidden>: "
                + "Access denied for user 'bb'@'10.0.0.2'; check spring.datasource.username and the password (give it "
                + "as SPRING_DATASOURCE_PASSWORD in the environment, not on the command line)");
    }

    @Test
    void aRefusedConnectionSaysToStartTheDatabaseOrFixTheUrl() {
        // given
        CommandLine command = command("spring.datasource.url=jdbc:mariadb://127.0.0.1:3999/bb");
        SQLNonTransientConnectionException refused = new SQLNonTransientConnectionException(
                "Socket fail to connect to 127.0.0.1:3999. Connection refused", "08000",
                new ConnectException("Connection refused"));
        // when
        String line = StartupFailure.describe(springChain(refused), command, log);
        // then
        assertThat(line).isEqualTo("cannot open the job repository jdbc:mariadb://127.0.0.1:3999/bb: Socket fail to "
                + "connect to 127.0.0.1:3999. Connection refused; start that database, or correct the host and port in "
                + "spring.datasource.url");
    }

    @Test
    void anUnknownHostOrDatabaseGetsItsOwnFix() {
        // given
        CommandLine command = command("spring.datasource.url=jdbc:mariadb://nowhere.invalid/bb");
        Throwable host = springChain(new SQLNonTransientConnectionException("Socket fail to connect to nowhere.invalid",
                "08000", new UnknownHostException("nowhere.invalid")));
        Throwable database = springChain(new SQLSyntaxErrorException("(conn=5) Unknown database 'bb'", "42000", 1049));
        // then
        assertThat(StartupFailure.describe(host, command, log)).endsWith("; correct the host name in spring.datasource.url");
        assertThat(StartupFailure.describe(database, command, log)).endsWith(": Unknown database 'bb'; create that "
                + "database, or add createDatabaseIfNotExist=true to the URL's options");
    }

    @Test
    void aUrlNoDriverTakesSaysWhichUrlsWork() {
        // given
        CommandLine command = command("spring.datasource.url=jdbc:postgresql://db/bb");
        Throwable chain = springChain(new RuntimeException("Failed to load driver class org.postgresql.Driver",
                new ClassNotFoundException("org.postgresql.Driver")));
        // when
        String line = StartupFailure.describe(chain, command, log);
        // then
        assertThat(line).startsWith("cannot open the job repository jdbc:postgresql://db/bb: org.postgresql.Driver; give "
                + "spring.datasource.url=jdbc:mariadb://");
    }

    @Test
    void anythingElseGivesTheDeepestMessageAndWhereTheFullErrorIs() {
        // given
        CommandLine command = command();
        Throwable chain = new BeanCreationException("siteRegistry", "Error creating bean with name 'siteRegistry'",
                new IllegalStateException("no property backup-batch.home"));
        // when
        String line = StartupFailure.describe(chain, command, log);
        // then
        assertThat(line).isEqualTo("cannot start: no property backup-batch.home; the full error is in " + log);
    }

    @Test
    void theBuiltInRepositoryIsNamedByItsFolder() {
        // given
        CommandLine command = command();
        Throwable chain = springChain(new java.sql.SQLException("Database lock acquisition failure", "08001"));
        // when
        String line = StartupFailure.describe(chain, command, log);
        // then
        assertThat(line).isEqualTo("cannot open the job repository under " + home.resolve(".backup-batch")
                + ": Database lock acquisition failure; the full error is in " + log);
    }

    /** The chain Boot throws when the batch schema initializer cannot reach the database. */
    private static Throwable springChain(Throwable driverError) {
        IllegalStateException driver = new IllegalStateException("Failed to determine DatabaseDriver",
                new org.springframework.jdbc.support.MetaDataAccessException("Could not get Connection for extracting "
                        + "meta-data", driverError));
        return new UnsatisfiedDependencyException("main", "jobCommand", "jobOperator",
                new BeanCreationException("batchDataSourceInitializer", "Error creating bean with name "
                        + "'batchDataSourceInitializer'", driver));
    }

    private CommandLine command(String... springWords) {
        List<String> words = new java.util.ArrayList<>(List.of("job=backup", "site=blog", "home=" + home));
        words.addAll(List.of(springWords));
        return CommandLine.parse(words, Map.of());
    }
}

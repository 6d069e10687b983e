package org.backupbatch.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backupbatch.config.Secret;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommandLineTest {

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", ".hidden", "-rf", "blog\nx", "bl og", "caf\u00e9", "\u0441\u0430\u0439\u0442",
            "a\\b", "/etc", "..",
            "a1234567890123456789012345678901234567890123456789012345678901234"})
    void siteNamesThatAreNotPlainFileNamesAreRefusedBeforeAnyPathIsBuilt(String name) {
        // given
        Path missingHome = home.resolve("never-made");
        // when / then: the name is refused, not the home folder that does not exist
        assertThatThrownBy(() -> CommandLine.parse(List.of("job=backup", "site=" + name, "home=" + missingHome), Map.of()))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("invalid site name ")
                .hasMessageContaining("use 1 to 64 letters, digits");
        assertThat(missingHome).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"../x", "a/b", ".hidden", "a1234567890123456789012345678901234567890123456789012345678901234",
            "\u00e9t\u00e9"})
    void targetNamesFollowTheSameRule(String name) {
        assertThatThrownBy(() -> parse("job=restore", "site=blog", "backup=latest", "target=" + name))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("invalid target= site name ");
    }

    @Test
    void anEmptySiteOrTargetIsRefused() {
        assertThatThrownBy(() -> parse("job=backup", "site=")).isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("site= is missing");
        assertThatThrownBy(() -> parse("job=restore", "site=blog", "backup=latest", "target="))
                .isInstanceOf(ConfigurationError.class).hasMessageStartingWith("invalid target= site name \"\"");
    }

    @Test
    void aDrillTakesALockAndRepositoryOfItsOwnEvenForTheLongestSiteName(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path home) throws Exception {
        // given
        String longest = "a".repeat(64);
        // when
        CommandLine drill = parse("job=drill", "site=" + longest, "backup=latest", "fresh=yes");
        // then
        assertThat(drill.lockSite()).isEqualTo(longest + ".drill");
        try (SiteLock lock = SiteLock.tryAcquire(home, drill.lockSite())) {
            assertThat(lock).isNotNull();
            assertThat(SiteLock.tryAcquire(home, longest)).as("the site's own lock is another one").isNotNull()
                    .satisfies(SiteLock::close);
        }
        assertThatThrownBy(() -> parse("job=drill", "site=blog", "target=x")).isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("target= is not known to job=drill");
    }

    @Test
    void namesOfOneTo64PlainCharactersAreAccepted() {
        // given
        String longest = "a".repeat(64);
        // when
        CommandLine one = parse("job=backup", "site=b");
        CommandLine dotted = parse("job=restore", "site=Blog_2.example-fr", "backup=latest", "target=" + longest);
        // then
        assertThat(one.site()).isEqualTo("b");
        assertThat(dotted.target()).isEqualTo(longest);
    }

    @Test
    void theResumeCommandCarriesNamedWordsAndHidesTheRest() {
        // when
        CommandLine command = parse("job=restore", "site=blog", "backup=latest", "target=staging", "parts=db",
                "mode=mirror", "confirm=yes", "keep_backup_credentials=yes", "fresh=yes",
                "spring.datasource.url=jdbc:mariadb://db.example.net:3306/bb", "spring.datasource.username=bb",
                "spring.datasource.password=s3cr3t-Marker", "logging.level.org.backupbatch.remote.KeyScan=debug",
                "spring.datasource.hikari.maximum-pool-size=2", "spring.rabbitmq.api-token=tok-Marker");
        // then
        assertThat(command.rerunCommand()).isEqualTo("java -jar backup-batch.jar job=restore site=blog backup=latest "
                + "target=staging parts=db mode=mirror confirm=yes keep_backup_credentials=yes "
                + "spring.datasource.url=jdbc:mariadb://db.example.net:3306/bb spring.datasource.username=bb "
                + "spring.datasource.password=<hidden> logging.level.org.backupbatch.remote.KeyScan=debug "
                + "spring.datasource.hikari.maximum-pool-size=<hidden> spring.rabbitmq.api-token=<hidden> home=" + home);
        assertThat(command.resumeHint()).isEqualTo("the resume command hides spring.datasource.password, "
                + "spring.datasource.hikari.maximum-pool-size, spring.rabbitmq.api-token: set SPRING_DATASOURCE_PASSWORD, "
                + "SPRING_DATASOURCE_HIKARI_MAXIMUMPOOLSIZE, SPRING_RABBITMQ_APITOKEN in the environment and leave those "
                + "words out");
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:mariadb://127.0.0.1:3306/bb?user=root&password=pw-Marker",
            "jdbc:mariadb://root:pw-Marker@127.0.0.1:3306/bb", "jdbc:hsqldb:file:/x/db;user=sa;password=pw-Marker",
            "jdbc:mariadb://address=(host=h)(port=3306)(user=u)(password=pw-Marker)/bb",
            "jdbc:mariadb://h/bb?PWD=pw-Marker"})
    void aJdbcUrlWithCredentialsIsHiddenWholeAndItsPasswordIsMaskedInAnyText(String url) {
        // when
        CommandLine command = parse("job=backup", "site=blog", "spring.datasource.url=" + url);
        // then
        assertThat(command.rerunCommand()).contains(" spring.datasource.url=<hidden> ").doesNotContain("Marker");
        assertThat(command.resumeHint()).contains("set SPRING_DATASOURCE_URL in the environment");
        assertThat(ShownWords.masked("cannot connect to " + url)).doesNotContain("pw-Marker").contains("<hidden>");
        assertThat(Secret.mask("driver said: pw-Marker")).isEqualTo("driver said: <hidden>");
    }

    @Test
    void aResumeCommandWithoutSecretsHasNoHint() {
        // when
        CommandLine command = parse("job=backup", "site=blog", "spring.datasource.url=jdbc:mariadb://h/bb",
                "spring.datasource.username=bb");
        // then
        assertThat(command.rerunCommand()).doesNotContain("<hidden>");
        assertThat(command.resumeHint()).isNull();
        assertThat(command.repositoryUrl()).isEqualTo("jdbc:mariadb://h/bb");
    }

    @Test
    void aSecretWordsValueIsMaskedInAnyTextShown() {
        // when
        parse("job=backup", "site=blog", "spring.datasource.url=jdbc:mariadb://h/bb",
                "spring.datasource.password=Unique-Pw-7731");
        // then
        assertThat(ShownWords.masked("Access denied (password Unique-Pw-7731)")).isEqualTo("Access denied (password <hidden>)");
    }

    @Test
    void aPrintedHiddenValueGivenBackIsRefusedWithTheVariableToSet() {
        assertThatThrownBy(() -> parse("job=backup", "site=blog", "spring.datasource.url=jdbc:mariadb://h/bb",
                "spring.datasource.password=<hidden>")).isInstanceOf(ConfigurationError.class)
                .hasMessageContaining("set SPRING_DATASOURCE_PASSWORD in the environment");
    }

    @Test
    void aUserNameOrPasswordWithoutAUrlIsRefused() {
        assertThatThrownBy(() -> parse("job=backup", "site=blog", "spring.datasource.username=bb"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("spring.datasource.username= is given without spring.datasource.url=");
        assertThatThrownBy(() -> parse("job=backup", "site=blog", "spring.datasource.password=Pw-Alone-1"))
                .isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("spring.datasource.password= is given without spring.datasource.url=")
                .hasMessageNotContaining("Pw-Alone-1");
    }

    @Test
    void aUrlFromTheEnvironmentIsTheRepositoryAndItsPasswordIsRemembered() throws Exception {
        // given
        Map<String, String> env = Map.of("SPRING_DATASOURCE_URL", "jdbc:mariadb://h/bb?password=Env-Url-Pw",
                "SPRING_DATASOURCE_PASSWORD", "Env-Pw-8812", "BACKUP_BATCH_HOME", Files.createDirectories(home).toString());
        // when
        CommandLine command = CommandLine.parse(List.of("job=backup", "site=blog", "spring.datasource.username=bb"), env);
        // then
        assertThat(command.repositoryUrl()).isEqualTo("jdbc:mariadb://h/bb?password=Env-Url-Pw");
        assertThat(command.rerunCommand()).isEqualTo("java -jar backup-batch.jar job=backup site=blog "
                + "spring.datasource.username=bb");
        assertThat(command.resumeHint()).isNull();
        assertThat(ShownWords.masked("x Env-Url-Pw y Env-Pw-8812")).isEqualTo("x <hidden> y <hidden>");
    }

    @Test
    void freshIsNeverCarried() {
        assertThat(parse("job=backup", "site=blog", "fresh=yes").rerunCommand()).doesNotContain("fresh");
    }

    private CommandLine parse(String... words) {
        List<String> all = new ArrayList<>(List.of(words));
        all.add("home=" + home);
        return CommandLine.parse(all, Map.of());
    }

    @Test
    void validateTakesOneSiteOrAllAndNoRunWords() {
        // when
        CommandLine all = parse("job=validate", "site=all");
        // then
        assertThat(all.site()).isEqualTo("all");
        assertThatThrownBy(() -> parse("job=validate", "site=blog", "fresh=yes")).isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("fresh= is not known to job=validate");
        assertThatThrownBy(() -> parse("job=validate")).isInstanceOf(ConfigurationError.class)
                .hasMessageStartingWith("site= is missing");
    }
}

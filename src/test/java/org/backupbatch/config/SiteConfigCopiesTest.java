package org.backupbatch.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import org.backupbatch.errors.ConfigurationError;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code copies:}: the off-site copies, their checks, defaults and secrets. */
class SiteConfigCopiesTest {

    private static final Map<String, String> ENV = Map.of("S3_ACCESS", "AKIA-access-1", "S3_SECRET",
            "s3cr3t-value-9");

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    private SiteConfig load(String copiesYaml) {
        home.site("blog", TestHome.sshSite() + "backup:\n  retention_days: 10\n  keep_daily: 3\ncopies:\n" + copiesYaml);
        return home.loader(ENV).load("blog");
    }

    private void assertLoadFails(String copiesYaml, String... messageParts) {
        home.site("blog", TestHome.sshSite() + "copies:\n" + copiesYaml);
        assertThatThrownBy(() -> home.loader(ENV).load("blog")).isInstanceOf(ConfigurationError.class)
                .message().contains(messageParts);
    }

    @Test
    void noCopiesByDefault() {
        home.site("blog", TestHome.sshSite());
        assertThat(home.loader().load("blog").copies()).isEmpty();
    }

    @Test
    void s3AndSftpCopiesWithTheirDefaults() {
        // when
        SiteConfig config = load("""
                  - name: offsite
                    type: s3
                    endpoint: https://s3.fr-par.scw.cloud
                    region: fr-par
                    bucket: backups
                    prefix: sites
                    access_key: ${S3_ACCESS}
                    secret_key: ${S3_SECRET}
                    retention:
                      keep_monthly: 12
                  - name: nas
                    type: sftp
                    host: nas.example.net
                    user: copy
                    path: copies
                """);
        // then
        OffsiteCopy.S3 s3 = (OffsiteCopy.S3) config.copy("offsite");
        assertThat(s3.endpoint()).isEqualTo(URI.create("https://s3.fr-par.scw.cloud"));
        assertThat(s3.prefix()).isEqualTo("sites/");
        assertThat(s3.pathStyle()).isTrue();
        assertThat(s3.partSizeMb()).isEqualTo(16);
        assertThat(s3.secretKey().reveal()).isEqualTo("s3cr3t-value-9");
        assertThat(s3.toString()).doesNotContain("s3cr3t-value-9", "AKIA-access-1");
        assertThat(s3.keep().retentionDays()).isEqualTo(10);
        assertThat(s3.keep().rules().keepDaily()).isEqualTo(3);
        assertThat(s3.keep().rules().keepMonthly()).isEqualTo(12);
        OffsiteCopy.Sftp nas = (OffsiteCopy.Sftp) config.copy("nas");
        assertThat(nas.port()).isEqualTo(22);
        assertThat(nas.privateKeyPath()).isEqualTo(config.ssh().privateKeyPath());
        assertThat(nas.knownHosts()).isEqualTo(config.ssh().knownHosts());
        assertThat(nas.hostKeyPolicy()).isEqualTo(HostKeyPolicy.STRICT);
        assertThat(nas.keep().rules().keepMonthly()).isZero();
    }

    @Test
    void aKeyOfTheOtherTypeIsRefusedWithTheItemNamed() {
        assertLoadFails("""
                  - name: nas
                    type: sftp
                    host: nas.example.net
                    user: copy
                    path: copies
                    bucket: oops
                """, "jobs/blog.yaml", "copies[0].bucket", "not a key of an sftp copy");
    }

    @Test
    void anUnknownKeyIsRefusedWithASuggestion() {
        assertLoadFails("""
                  - name: offsite
                    type: s3
                    regoin: fr-par
                """, "copies[0]", "regoin", "did you mean region");
    }

    @Test
    void aMissingSecretVariableNamesTheFieldNotAValue() {
        assertLoadFails("""
                  - name: offsite
                    type: s3
                    region: fr-par
                    bucket: b
                    access_key: ${S3_ACCESS}
                    secret_key: ${NOT_SET_ANYWHERE}
                """, "copies[0].secret_key", "NOT_SET_ANYWHERE is not set");
    }

    @Test
    void twoCopiesMayNotShareAName() {
        assertLoadFails("""
                  - {name: a, type: sftp, host: h, user: u, path: p}
                  - {name: a, type: sftp, host: h2, user: u, path: p}
                """, "copies[1].name", "names another copy");
    }

    @Test
    void theTypeMustBeS3OrSftp() {
        assertLoadFails("""
                  - {name: a, type: ftp}
                """, "copies[0].type", "expected s3 or sftp");
    }

    @Test
    void thePartSizeHasS3sMinimum() {
        assertLoadFails("""
                  - {name: a, type: s3, region: r, bucket: b, access_key: x, secret_key: y, part_size_mb: 1}
                """, "copies[0].part_size_mb", "between 5 and 5120");
    }

    @Test
    void copiesMustBeAList() {
        assertLoadFails("""
                  name: a
                """, "copies: expected a list");
    }

    @Test
    void jobConfigShowsEachCopyWithItsCredentialsHidden() {
        // given
        home.site("blog", TestHome.sshSite() + """
                copies:
                  - name: offsite
                    type: s3
                    region: fr-par
                    bucket: backups
                    access_key: ${S3_ACCESS}
                    secret_key: ${S3_SECRET}
                    retention: {keep_monthly: 12}
                """);
        // when
        EffectiveConfig config = home.loader(ENV).explain("blog");
        // then
        assertThat(config.entry("copies[0].bucket").value()).isEqualTo("backups");
        assertThat(config.entry("copies[0].retention.keep_monthly").value()).isEqualTo("12");
        assertThat(config.entry("copies[0].access_key").value()).isEqualTo(Secret.HIDDEN);
        assertThat(config.entry("copies[0].secret_key").value()).isEqualTo(Secret.HIDDEN);
        assertThat(config.entry("copies[0].secret_key").source()).isEqualTo("environment ${S3_SECRET} via site file");
        assertThat(config.entries().toString()).doesNotContain("s3cr3t-value-9", "AKIA-access-1");
    }
}

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

/** {@code notify}: when and how a run's outcome is told, its checks, its secrets. */
class SiteConfigNotifyTest {

    @TempDir
    Path root;

    TestHome home;

    @BeforeEach
    void setUp() {
        home = new TestHome(root);
    }

    private SiteConfig load(String notifyYaml, Map<String, String> env) {
        home.site("blog", TestHome.sshSite() + "notify:\n" + notifyYaml);
        return home.loader(env).load("blog");
    }

    private void assertLoadFails(String notifyYaml, String... messageParts) {
        home.site("blog", TestHome.sshSite() + "notify:\n" + notifyYaml);
        assertThatThrownBy(() -> home.loader().load("blog")).isInstanceOf(ConfigurationError.class)
                .message().contains(messageParts);
    }

    @Test
    void nobodyIsToldByDefault() {
        home.site("blog", TestHome.sshSite());
        assertThat(home.loader().load("blog").notices()).isNull();
    }

    @Test
    void webhookAndMailWithTheDefaultsOnFailureOnly() {
        // when
        SiteConfig.Notify notify = load("""
                  webhook:
                    url: https://hooks.example.net/backup?channel=ops
                    headers:
                      Authorization: Bearer ${HOOK_TOKEN}
                  mail:
                    to: [ops@example.net, boss@example.net]
                    from: backup@example.net
                    smtp_host: smtp.example.net
                    smtp_user: backup@example.net
                    smtp_password: ${SMTP_PASSWORD}
                """, Map.of("HOOK_TOKEN", "t0k3n-value", "SMTP_PASSWORD", "smtp-pass-1")).notices();
        // then
        assertThat(notify.onFailure()).isTrue();
        assertThat(notify.onSuccess()).isFalse();
        assertThat(notify.webhook().url()).isEqualTo(URI.create("https://hooks.example.net/backup?channel=ops"));
        assertThat(notify.webhook().headers().get("Authorization").reveal()).isEqualTo("Bearer t0k3n-value");
        SiteConfig.Mail mail = notify.mail();
        assertThat(mail.to()).containsExactly("ops@example.net", "boss@example.net");
        assertThat(mail.smtpPort()).isEqualTo(587);
        assertThat(mail.starttls()).isTrue();
        assertThat(mail.smtpPassword().reveal()).isEqualTo("smtp-pass-1");
        assertThat(notify.toString()).doesNotContain("t0k3n-value", "smtp-pass-1");
    }

    @Test
    void successIsToldWhenAsked() {
        SiteConfig.Notify notify = load("""
                  on: [failure, success]
                  webhook: {url: "http://127.0.0.1:8080/hook"}
                """, Map.of()).notices();
        assertThat(notify.onSuccess()).isTrue();
        assertThat(notify.mail()).isNull();
    }

    @Test
    void anOutcomeThatIsNoneIsRefusedWithTheFileAndField() {
        assertLoadFails("  on: [sometimes]\n  webhook: {url: \"https://h.example.net/\"}\n",
                "blog.yaml", "notify.on", "\"sometimes\" is not an outcome");
    }

    @Test
    void aWebhookUrlMustBeHttp() {
        assertLoadFails("  webhook: {url: \"ftp://h.example.net/\"}\n", "notify.webhook.url", "http://");
    }

    @Test
    void mailNeedsItsSenderAndServer() {
        assertLoadFails("  mail: {to: [ops@example.net], smtp_host: smtp.example.net}\n", "notify.mail.from",
                "required");
        assertLoadFails("  mail: {to: [ops], from: a@b.c, smtp_host: smtp.example.net}\n", "notify.mail.to",
                "not a mail address");
    }

    @Test
    void aMisspeltKeyIsRefusedWithASuggestion() {
        assertLoadFails("  mail: {to: [ops@example.net], smtp_hots: x}\n", "notify.mail.smtp_hots", "unknown key",
                "did you mean smtp_host?");
    }
}

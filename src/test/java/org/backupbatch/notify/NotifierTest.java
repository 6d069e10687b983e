package org.backupbatch.notify;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.backupbatch.config.Secret;
import org.backupbatch.config.SiteConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** Notices against a real SMTP server (GreenMail, in this process) and a real HTTP server. */
class NotifierTest {

    @RegisterExtension
    static final GreenMailExtension SMTP = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort())
            .withConfiguration(GreenMailConfiguration.aConfig().withUser("backup@example.net", "smtp-pass-1"));

    private static final Notice FAILED = new Notice(Map.of("job", "backup", "site", "blog", "status", "FAILED",
            "step", "validate", "error", "cannot reach ssh.example.net"),
            "backup site=blog status=FAILED step=validate error=\"cannot reach ssh.example.net\"");
    private static final Notice COMPLETED = new Notice(Map.of("job", "backup", "site", "blog", "status", "COMPLETED"),
            "backup site=blog status=COMPLETED");

    private HttpServer http;
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> tokens = new CopyOnWriteArrayList<>();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void setUp() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            tokens.add(exchange.getRequestHeaders().getFirst("Authorization"));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.createContext("/broken", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        http.start();
        log.start();
        ((Logger) LoggerFactory.getLogger(Notifier.class)).addAppender(log);
    }

    @AfterEach
    void tearDown() {
        http.stop(0);
        ((Logger) LoggerFactory.getLogger(Notifier.class)).detachAppender(log);
    }

    private SiteConfig.Webhook webhook(String path) {
        return new SiteConfig.Webhook(URI.create("http://127.0.0.1:" + http.getAddress().getPort() + path),
                Map.of("Authorization", Secret.of("Bearer hook-token-9")));
    }

    private static SiteConfig.Mail mail(int port) {
        return new SiteConfig.Mail(List.of("ops@example.net"), "backup@example.net", "127.0.0.1", port,
                "backup@example.net", Secret.of("smtp-pass-1"), false);
    }

    private List<String> warnings() {
        return log.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void failurePostsTheSummaryFieldsAndMailsThem() throws Exception {
        // given
        var notify = new SiteConfig.Notify(true, false, webhook("/hook"), mail(SMTP.getSmtp().getPort()));
        // when
        new Notifier().send(notify, FAILED);
        // then
        assertThat(bodies).hasSize(1);
        JsonNode body = new ObjectMapper().readTree(bodies.get(0));
        assertThat(body.get("status").asText()).isEqualTo("FAILED");
        assertThat(body.get("step").asText()).isEqualTo("validate");
        assertThat(body.get("error").asText()).isEqualTo("cannot reach ssh.example.net");
        assertThat(tokens).containsExactly("Bearer hook-token-9");
        MimeMessage[] mails = SMTP.getReceivedMessages();
        assertThat(mails).hasSize(1);
        assertThat(mails[0].getSubject()).isEqualTo("[backup-batch] backup of site blog: FAILED");
        assertThat(mails[0].getAllRecipients()[0].toString()).isEqualTo("ops@example.net");
        assertThat(com.icegreen.greenmail.util.GreenMailUtil.getBody(mails[0]))
                .contains("backup site=blog status=FAILED step=validate", "error: cannot reach ssh.example.net");
        assertThat(warnings()).isEmpty();
    }

    @Test
    void successIsSentOnlyWhenAsked() throws Exception {
        // given
        var onFailure = new SiteConfig.Notify(true, false, webhook("/hook"), mail(SMTP.getSmtp().getPort()));
        var onBoth = new SiteConfig.Notify(true, true, webhook("/hook"), null);
        // when
        new Notifier().send(onFailure, COMPLETED);
        // then
        assertThat(bodies).isEmpty();
        assertThat(SMTP.getReceivedMessages()).isEmpty();
        // when
        new Notifier().send(onBoth, COMPLETED);
        // then
        assertThat(bodies).singleElement().satisfies(b -> assertThat(b).contains("\"status\":\"COMPLETED\""));
    }

    @Test
    void unreachableSmtpAndWebhookAreWarningsThatNameNoSecret() throws Exception {
        // given nothing listens on these ports
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        var notify = new SiteConfig.Notify(true, false, new SiteConfig.Webhook(
                URI.create("http://user:pw-in-url@127.0.0.1:" + closed + "/hook?token=query-secret"),
                Map.of("Authorization", Secret.of("Bearer hook-token-9"))), mail(closed));
        // when
        long start = System.nanoTime();
        new Notifier().send(notify, FAILED);
        // then
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(12));
        assertThat(warnings()).hasSize(2).anySatisfy(w -> assertThat(w).startsWith(
                "notice of backup of site blog: FAILED not sent by webhook http://127.0.0.1:" + closed + "/hook:"))
                .anySatisfy(w -> assertThat(w).startsWith("notice of backup of site blog: FAILED not sent by mail to "
                        + "[ops@example.net] through 127.0.0.1:" + closed + ":"))
                .allSatisfy(w -> assertThat(w).doesNotContain("pw-in-url", "query-secret", "hook-token-9",
                        "smtp-pass-1"));
    }

    @Test
    void aWebhookThatAnswersAnErrorIsAWarning() {
        // when
        new Notifier().send(new SiteConfig.Notify(true, false, webhook("/broken"), null), FAILED);
        // then
        assertThat(warnings()).singleElement().satisfies(w -> assertThat(w).endsWith("answered HTTP 500"));
    }

    @Test
    void aServerThatNeverAnswersIsGivenUpWithinTheLimit() throws Exception {
        // given a server that accepts connections and never says a word (SMTP greeting, HTTP answer)
        try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
            var notify = new SiteConfig.Notify(true, false, new SiteConfig.Webhook(
                    URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/hook"), Map.of()),
                    mail(silent.getLocalPort()));
            // when
            long start = System.nanoTime();
            new Notifier(Duration.ofSeconds(1), Duration.ofSeconds(2)).send(notify, FAILED);
            // then
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
            assertThat(warnings()).hasSize(2);
        }
    }
}

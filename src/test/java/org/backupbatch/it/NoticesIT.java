package org.backupbatch.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.backupbatch.archive.Manifest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The jar tells a webhook of a run's outcome (a local HTTP server in the test), never lets a
 * notice change its exit code, logs each step's progress and records each step's figures.
 */
class NoticesIT {

    @TempDir
    Path tmp;
    private HttpServer http;
    private Path site;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startWebhook() throws Exception {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/hook", exchange -> {
            bodies.add(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        http.start();
    }

    @AfterEach
    void cleanUp() {
        http.stop(0);
        if (site != null) {
            RemoteSite.delete(site);
        }
    }

    private String hook() {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/hook";
    }

    private static int closedPort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A site whose SSH server does not answer: the run fails in its validate step. */
    private Path unreachableSite(String webhookUrl) throws Exception {
        String ssh = TestEnv.sshYaml().replace("port: " + TestEnv.get("ssh.port"), "port: " + closedPort());
        return RemoteSite.home(tmp.resolve("home"), "down", "site:\n  app_type: custom\n" + ssh
                + "files:\n  remote_path: /nonexistent\nbackup:\n  destination: backups\n  retries: 0\n"
                + "notify:\n  webhook:\n    url: " + webhookUrl + "\n");
    }

    @Test
    void failingRunPostsTheWebhookWithStatusFailedAndTheStep() throws Exception {
        // given
        Path home = unreachableSite(hook());
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=down");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(bodies).as(run.toString()).hasSize(1);
        JsonNode body = new ObjectMapper().readTree(bodies.get(0));
        assertThat(body.get("job").asText()).isEqualTo("backup");
        assertThat(body.get("site").asText()).isEqualTo("down");
        assertThat(body.get("status").asText()).isEqualTo("FAILED");
        assertThat(body.get("step").asText()).isEqualTo("validate");
        assertThat(body.get("error").asText()).isNotBlank();
        assertThat(body.get("resume").asText()).contains("job=backup", "site=down");
        assertThat(run.summary()).contains("status=FAILED", "step=validate");
    }

    @Test
    void unreachableWebhookIsAWarningAndTheExitCodeStaysTheRuns() throws Exception {
        // given
        Path home = unreachableSite("http://127.0.0.1:" + closedPort() + "/hook?token=hook-secret-77");
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of(), "job=backup", "site=down");
        // then
        assertThat(run.exit()).as(run.toString()).isEqualTo(1);
        assertThat(run.stderr()).contains("WARN  notice of backup of site down: FAILED not sent by webhook http://127.0.0.1:")
                .doesNotContain("hook-secret-77");
        assertThat(run.summary()).contains("status=FAILED").doesNotContain("notice");
    }

    @Test
    void completedRunLogsProgressRecordsStepFiguresAndIsToldOnlyWhenAsked() throws Exception {
        // given a small tree; success asked for; progress logged (no terminal here)
        site = RemoteSite.create("notices", "head -c 300000 /dev/urandom > big.bin\nprintf 'x' > small.txt\n");
        String yaml = "site:\n  app_type: custom\n" + TestEnv.sshYaml() + "files:\n  remote_path: " + site
                + "\nbackup:\n  destination: backups\nnotify:\n  on: [failure, success]\n  webhook:\n    url: " + hook()
                + "\n";
        Path home = RemoteSite.home(tmp.resolve("home"), "ok", yaml);
        // when
        Processes.Result run = Processes.backupBatch(home, Map.of("BACKUP_BATCH_PROGRESS_INTERVAL", "1"),
                "job=backup", "site=ok");
        // then
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(bodies).singleElement().satisfies(b -> assertThat(new ObjectMapper().readTree(b).get("status")
                .asText()).isEqualTo("COMPLETED"));
        assertThat(run.stderr()).containsPattern("INFO  files of " + site + ": [0-9.]+KB in \\d+s \\(")
                .containsPattern("INFO  ok: assembling the archive: [0-9.]+KB in \\d+s")
                .containsPattern("INFO  ok: verifying the archive: [0-9.]+KB in \\d+s");
        Path archive = RemoteSite.onlyArchive(home.resolve("backups"), "ok");
        Path sidecar = archive.resolveSibling(archive.getFileName().toString().replace(".tar.gz", ".manifest.json"));
        Manifest manifest = Manifest.fromJson(Files.readAllBytes(sidecar));
        assertThat(manifest.steps()).containsOnlyKeys("validate", "streamFiles", "dumpDatabase");
        assertThat(manifest.steps().get("streamFiles").bytes()).isEqualTo(manifest.member("files").length());
        assertThat(manifest.steps().get("validate").bytes()).isZero();
        assertThat(manifest.steps().values()).allSatisfy(s -> assertThat(s.durationMs()).isNotNegative());
        assertThat(Files.readString(sidecar)).contains("\"duration_ms\"");
        Path extracted = RemoteSite.extract(archive, tmp.resolve("x"));
        assertThat(Files.readAllBytes(extracted.resolve("manifest.json"))).isEqualTo(Files.readAllBytes(sidecar));
    }
}

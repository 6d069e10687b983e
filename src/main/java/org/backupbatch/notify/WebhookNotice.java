package org.backupbatch.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.backupbatch.config.SiteConfig;

/**
 * Posts a notice as JSON to the site's webhook: one object whose fields are the summary's tokens
 * ({@code {"job":"backup","site":"blog","status":"FAILED","step":"validate","error":"…"}}), with
 * the configured headers. Any answer but 2xx is a failure.
 */
final class WebhookNotice {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration timeout;

    /** @param timeout for the connection and for the whole exchange (default 10 s) */
    WebhookNotice(Duration timeout) {
        this.timeout = timeout;
    }

    void send(SiteConfig.Webhook webhook, Notice notice) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(webhook.url()).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(notice)));
        webhook.headers().forEach((name, value) -> request.header(name, value.reveal()));
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<Void> response = client.send(request.build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() / 100 != 2) {
            throw new IOException("answered HTTP " + response.statusCode());
        }
    }

    static byte[] body(Notice notice) throws JsonProcessingException {
        return JSON.writeValueAsBytes(notice.fields());
    }

    /** The URL without its query and user part (which may carry a token), for messages. */
    static String shown(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}

package org.backupbatch.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import org.backupbatch.config.SiteConfig.Mail;
import org.backupbatch.config.SiteConfig.Notify;
import org.backupbatch.config.SiteConfig.Webhook;

/**
 * Binds {@code notify}: when to tell ({@code on}), and how (a webhook, mail, or both). A webhook
 * is set by its {@code url}, mail by its {@code to}: the defaults give the other keys (port,
 * STARTTLS) without turning either on.
 */
final class NotifySettings {

    private static final int MAX_PORT = 65535;

    private NotifySettings() {
    }

    /** The site's notices, or null when neither a webhook nor mail is set. */
    static Notify bind(Fields fields) {
        Webhook webhook = fields.isSet("notify.webhook.url") ? webhook(fields) : null;
        Mail mail = fields.isSet("notify.mail.to") ? mail(fields) : null;
        if (webhook == null && fields.isSet("notify.webhook.headers")) {
            throw fields.error("notify.webhook.headers", "set without notify.webhook.url");
        }
        if (webhook == null && mail == null) {
            return null;
        }
        List<String> on = fields.strings("notify.on");
        for (String when : on) {
            if (!when.equals("failure") && !when.equals("success")) {
                throw fields.error("notify.on", Describe.quoted(when) + " is not an outcome; write [failure] or "
                        + "[failure, success]");
            }
        }
        if (on.isEmpty()) {
            throw fields.error("notify.on", "empty: nothing would be sent; write [failure] or [failure, success]");
        }
        return new Notify(on.contains("failure"), on.contains("success"), webhook, mail);
    }

    private static Webhook webhook(Fields fields) {
        String url = fields.requiredText("notify.webhook.url", "");
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw fields.error("notify.webhook.url", "not a URL: " + e.getReason());
        }
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
            throw fields.error("notify.webhook.url", "expected an http:// or https:// URL with a host");
        }
        return new Webhook(uri, fields.secretMap("notify.webhook.headers"));
    }

    private static Mail mail(Fields fields) {
        String when = "when notify.mail.to is set";
        List<String> to = fields.strings("notify.mail.to");
        for (String address : to) {
            if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                throw fields.error("notify.mail.to", Describe.quoted(address) + " is not a mail address");
            }
        }
        if (to.isEmpty()) {
            throw fields.error("notify.mail.to", "empty; give at least one address");
        }
        String from = fields.requiredText("notify.mail.from", when);
        String host = fields.requiredText("notify.mail.smtp_host", when);
        String user = fields.text("notify.mail.smtp_user");
        Secret password = fields.secret("notify.mail.smtp_password");
        if (password != null && user == null) {
            throw fields.error("notify.mail.smtp_password", "set without notify.mail.smtp_user");
        }
        Boolean starttls = fields.bool("notify.mail.starttls");
        return new Mail(to, from, host, fields.integer("notify.mail.smtp_port", 1, MAX_PORT), user, password,
                starttls == null || starttls);
    }
}

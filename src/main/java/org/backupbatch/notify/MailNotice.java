package org.backupbatch.notify;

import java.time.Duration;
import java.util.Properties;
import org.backupbatch.config.SiteConfig;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Mails a notice through the site's SMTP server with Spring's {@code JavaMailSender}, built from
 * the site's {@code notify.mail} settings (not from {@code spring.mail.*}: each site has its
 * own). Every socket operation is bounded, so that a server that accepts and then stays silent
 * cannot hold the run's exit.
 */
final class MailNotice {

    private final Duration timeout;

    /** @param timeout for the connection and for each read and write (default 10 s) */
    MailNotice(Duration timeout) {
        this.timeout = timeout;
    }

    void send(SiteConfig.Mail mail, Notice notice) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(mail.from());
        message.setTo(mail.to().toArray(String[]::new));
        message.setSubject("[backup-batch] " + notice.title());
        message.setText(text(notice));
        sender(mail).send(message);
    }

    JavaMailSenderImpl sender(SiteConfig.Mail mail) {
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost(mail.smtpHost());
        sender.setPort(mail.smtpPort());
        sender.setDefaultEncoding("UTF-8");
        Properties properties = sender.getJavaMailProperties();
        String millis = Long.toString(timeout.toMillis());
        properties.setProperty("mail.smtp.connectiontimeout", millis);
        properties.setProperty("mail.smtp.timeout", millis);
        properties.setProperty("mail.smtp.writetimeout", millis);
        properties.setProperty("mail.smtp.starttls.enable", Boolean.toString(mail.starttls()));
        properties.setProperty("mail.smtp.starttls.required", Boolean.toString(mail.starttls()));
        if (mail.smtpUser() != null) {
            sender.setUsername(mail.smtpUser());
            sender.setPassword(mail.smtpPassword() == null ? null : mail.smtpPassword().reveal());
            properties.setProperty("mail.smtp.auth", "true");
        }
        return sender;
    }

    /** The summary line, then one field a line: what an operator reads on a phone. */
    static String text(Notice notice) {
        StringBuilder text = new StringBuilder(notice.summary()).append("\n\n");
        notice.fields().forEach((key, value) -> text.append(key).append(": ").append(value).append('\n'));
        return text.toString();
    }
}

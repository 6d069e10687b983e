package org.backupbatch.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One off-site copy of a site's backups ({@code copies:} in the configuration): S3-compatible
 * object storage or an SFTP account. The backup job uploads each new backup to every copy after
 * verifying it; retention applies to each copy on its own terms. Credentials are {@link Secret}s,
 * so a copy can be logged.
 */
public sealed interface OffsiteCopy permits OffsiteCopy.S3, OffsiteCopy.Sftp {

    /** The copy's name, unique within the site: the restart state and {@code from=} use it. */
    String name();

    /** How long backups are kept on this copy: its own {@code retention}, else the site's. */
    Keep keep();

    /** {@code s3} or {@code sftp}, for messages. */
    default String type() {
        return this instanceof S3 ? "s3" : "sftp";
    }

    /**
     * The retention of a copy: {@code retention_days} and the {@code keep_*} rules, each taken from
     * the copy's {@code retention} mapping when set there, else from the site's {@code backup}.
     */
    record Keep(int retentionDays, SiteConfig.Retention rules) {

        public Keep {
            Objects.requireNonNull(rules, "rules");
        }
    }

    /**
     * S3-compatible object storage. {@code endpoint} is null for AWS itself (then {@code region}
     * picks it); {@code prefix} is "" or ends with {@code /}; objects are named {@code
     * <prefix><site>/<file name>}, as the files lie locally. {@code pathStyle} addresses the bucket
     * in the path ({@code https://endpoint/bucket/key}), as most non-AWS servers want.
     * {@code storageClass} may be null (the provider's default). Multipart uploads use parts of
     * {@code partSizeMb} MiB (5..5120; default 16).
     */
    record S3(String name, URI endpoint, String region, String bucket, String prefix, Secret accessKey,
            Secret secretKey, boolean pathStyle, String storageClass, int partSizeMb, Keep keep)
            implements OffsiteCopy {

        public S3 {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(region, "region");
            Objects.requireNonNull(bucket, "bucket");
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(accessKey, "accessKey");
            Objects.requireNonNull(secretKey, "secretKey");
            Objects.requireNonNull(keep, "keep");
        }

        /** {@code s3://bucket/prefix} at the endpoint, for messages: no credentials. */
        public String describe() {
            return "s3://" + bucket + "/" + prefix + (endpoint == null ? "" : " at " + endpoint);
        }
    }

    /**
     * An SFTP account: files go to {@code <path>/<site>/<file name>} (a relative {@code path} is
     * relative to the login folder). The host key is checked as for the site's SSH account.
     * {@code privateKeyPassphrase} may be null. Connect timeout in seconds.
     */
    record Sftp(String name, String host, int port, String user, Path privateKeyPath, Secret privateKeyPassphrase,
            Path knownHosts, HostKeyPolicy hostKeyPolicy, String path, int connectTimeoutSeconds, Keep keep)
            implements OffsiteCopy {

        public Sftp {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(host, "host");
            Objects.requireNonNull(user, "user");
            Objects.requireNonNull(privateKeyPath, "privateKeyPath");
            Objects.requireNonNull(knownHosts, "knownHosts");
            Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(keep, "keep");
        }

        /** {@code sftp://user@host:port/path}, for messages. */
        public String describe() {
            return "sftp://" + user + "@" + host + ":" + port + "/" + path;
        }
    }
}

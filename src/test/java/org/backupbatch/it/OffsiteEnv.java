package org.backupbatch.it;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The off-site side of the test environment: S3Mock (started by scripts/test-env.sh on
 * 127.0.0.1:9090, any credentials accepted; each test makes its own bucket) and the SFTP account
 * bbcopy on the test sshd. Values come from test-env.properties, with the script's defaults for
 * a file written before it named them.
 */
final class OffsiteEnv {

    static final String ACCESS_KEY = "AKIAOFFSITEIT0001";

    private OffsiteEnv() {
    }

    private static String get(String key, String fallback) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(TestEnv.FILE)) {
            properties.load(in);
        } catch (IOException e) {
            return fallback;
        }
        return properties.getProperty(key, fallback);
    }

    static URI s3Endpoint() {
        return URI.create(get("s3.endpoint", "http://127.0.0.1:9090"));
    }

    static String sftpUser() {
        return get("sftp.user", "bbcopy");
    }

    static Path sftpHome() {
        return Path.of(get("sftp.home", "/home/bbcopy"));
    }

    /** A client for the tests' own looks at the server (not the tool's). */
    static S3Client s3() {
        return S3Client.builder().region(Region.EU_WEST_3).endpointOverride(s3Endpoint()).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("it", "it")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** A new bucket of its own for one test. */
    static String bucket(S3Client s3, String test) {
        String bucket = ("bb-" + test + "-" + Long.toHexString(System.nanoTime())).toLowerCase();
        s3.createBucket(b -> b.bucket(bucket));
        return bucket;
    }

    /** Removes a test's bucket: its unfinished multipart uploads, its objects, then itself. */
    static void drop(S3Client s3, String bucket) {
        try {
            s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().forEach(u -> s3.abortMultipartUpload(b -> b
                    .bucket(bucket).key(u.key()).uploadId(u.uploadId())));
            keys(s3, bucket).forEach(key -> s3.deleteObject(b -> b.bucket(bucket).key(key)));
            s3.deleteBucket(b -> b.bucket(bucket));
        } catch (RuntimeException e) {
            // the server's store is scratch space; a bucket left over harms no other test
        }
    }

    static List<String> keys(S3Client s3, String bucket) {
        return s3.listObjectsV2Paginator(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).sorted()
                .toList();
    }

    static byte[] object(S3Client s3, String bucket, String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
    }

    /** The {@code copies:} item of an S3 copy into {@code bucket}, its secret through {@code ${BB_IT_S3_SECRET}}. */
    static String s3Yaml(String name, String bucket, String endpoint) {
        return "  - name: " + name + "\n    type: s3\n    endpoint: " + endpoint + "\n    region: eu-west-3\n"
                + "    bucket: " + bucket + "\n    prefix: nightly/\n    access_key: " + ACCESS_KEY + "\n"
                + "    secret_key: ${BB_IT_S3_SECRET}\n    part_size_mb: 5\n";
    }

    /** The {@code copies:} item of an SFTP copy into {@code path} of the bbcopy account. */
    static String sftpYaml(String name, Path path) {
        return sftpYaml(name, path, Integer.parseInt(TestEnv.get("ssh.port")), Path.of(TestEnv.get("ssh.known_hosts")));
    }

    /** The same through another port (a {@link FaultProxy}), with the known_hosts that names it. */
    static String sftpYaml(String name, Path path, int port, Path knownHosts) {
        return "  - name: " + name + "\n    type: sftp\n    host: " + TestEnv.get("ssh.host") + "\n    port: "
                + port + "\n    user: " + sftpUser() + "\n    private_key_path: "
                + TestEnv.get("ssh.private_key") + "\n    known_hosts: " + knownHosts + "\n"
                + "    path: " + path + "\n";
    }
}

package org.backupbatch.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.errors.FatalError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A copy in S3-compatible object storage. A file larger than one part goes up as a multipart
 * upload of fixed-size parts, each streamed from its range of the file with its sha256 (which the
 * server checks), one part per {@link #upload} call; the upload id and the parts done (number,
 * ETag, sum) are the restart state, so a re-run sends only the parts still missing. A part that
 * fails is sent again alone (the SDK's retries, {@code backup.retries} times). Smaller files are
 * one PUT. Objects are named {@code <prefix><site>/<name>}.
 */
public final class S3Store implements CopyStore {

    private static final Logger LOG = LoggerFactory.getLogger(S3Store.class);
    private static final long MIB = 1024 * 1024;

    private final OffsiteCopy.S3 copy;
    private final S3Client client;
    private final String folder;
    private final long partSize;

    S3Store(OffsiteCopy.S3 copy, String site, int retries) {
        this.copy = copy;
        this.folder = copy.prefix() + site + "/";
        this.partSize = copy.partSizeMb() * MIB;
        var builder = S3Client.builder()
                .region(Region.of(copy.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        copy.accessKey().reveal(), copy.secretKey().reveal())))
                .forcePathStyle(copy.pathStyle())
                .httpClientBuilder(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(30))
                        .socketTimeout(Duration.ofMinutes(5)))
                // sums we compute ourselves (sha256 per part), sent as headers: no aws-chunked trailers,
                // which not every S3-compatible server takes
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(retries + 1).build()));
        if (copy.endpoint() != null) {
            builder.endpointOverride(copy.endpoint());
        }
        this.client = builder.build();
    }

    @Override
    public boolean upload(Path file, String name, UploadState state) throws IOException {
        long size = Files.size(file);
        if (size <= partSize) {
            String sum = FileSlice.sha256Base64(file, 0, size);
            client.putObject(b -> b.bucket(copy.bucket()).key(key(name)).checksumSHA256(sum)
                    .storageClass(storageClass()), body(file, 0, size));
            return true;
        }
        String uploadId = state.get("uploadId");
        if (uploadId == null) {
            uploadId = client.createMultipartUpload(b -> b.bucket(copy.bucket()).key(key(name))
                    .checksumAlgorithm(ChecksumAlgorithm.SHA256).storageClass(storageClass())).uploadId();
            state.put("uploadId", uploadId);
            state.put("partSize", Long.toString(partSize));
        }
        long recordedPartSize = state.getLong("partSize");
        List<CompletedPart> parts = parts(state);
        long total = (size + recordedPartSize - 1) / recordedPartSize;
        try {
            if (parts.size() < total) {
                parts.add(uploadPart(file, name, uploadId, parts.size() + 1, recordedPartSize, size));
                LOG.info("{}: part {}/{} of {} sent", copy.name(), parts.size(), total, name);
                state.put("parts", format(parts));
                return false;
            }
            complete(name, uploadId, parts);
            return true;
        } catch (S3Exception e) {
            if (!"NoSuchUpload".equals(errorCode(e))) {
                throw e;
            }
            return uploadGone(name, size, state, parts.size() == total);
        }
    }

    private CompletedPart uploadPart(Path file, String name, String uploadId, int number, long partLength, long size)
            throws IOException {
        long offset = (number - 1) * partLength;
        long length = Math.min(partLength, size - offset);
        String sum = FileSlice.sha256Base64(file, offset, length);
        String etag = client.uploadPart(b -> b.bucket(copy.bucket()).key(key(name)).uploadId(uploadId)
                .partNumber(number).contentLength(length).checksumSHA256(sum), body(file, offset, length)).eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).checksumSHA256(sum).build();
    }

    private void complete(String name, String uploadId, List<CompletedPart> parts) {
        client.completeMultipartUpload(b -> b.bucket(copy.bucket()).key(key(name)).uploadId(uploadId)
                .multipartUpload(m -> m.parts(parts)));
    }

    /**
     * The multipart upload is gone: completed by a run that stopped before it could record so (the
     * object is there: reading it back decides), or aborted (by the server's lifecycle rules): then
     * the file starts over.
     */
    private boolean uploadGone(String name, long size, UploadState state, boolean allParts) {
        if (allParts && exists(name, size)) {
            LOG.info("{}: the upload of {} was completed before the last run stopped", copy.name(), name);
            return true;
        }
        LOG.warn("{}: the multipart upload of {} is gone from the server; it starts over", copy.name(), name);
        state.clear();
        return false;
    }

    private boolean exists(String name, long size) {
        try {
            return client.headObject(b -> b.bucket(copy.bucket()).key(key(name))).contentLength() == size;
        } catch (NoSuchKeyException e) {
            return false;
        }
    }

    private static RequestBody body(Path file, long offset, long length) {
        return RequestBody.fromContentProvider(() -> {
            try {
                return FileSlice.open(file, offset, length);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, length, "application/octet-stream");
    }

    private static List<CompletedPart> parts(UploadState state) {
        List<CompletedPart> parts = new ArrayList<>();
        String text = state.get("parts");
        if (text != null && !text.isEmpty()) {
            for (String part : text.split(",")) {
                String[] fields = part.split(" ");
                parts.add(CompletedPart.builder().partNumber(Integer.parseInt(fields[0])).eTag(fields[1])
                        .checksumSHA256(fields[2]).build());
            }
        }
        return parts;
    }

    /** {@code number etag sum,…}: an ETag is a quoted hex string, a sum base64; neither holds a space or comma. */
    private static String format(List<CompletedPart> parts) {
        return String.join(",", parts.stream().map(p -> p.partNumber() + " " + p.eTag() + " " + p.checksumSHA256())
                .toList());
    }

    /** As written (a provider's own class names pass through), or null for the provider's default. */
    private String storageClass() {
        return copy.storageClass();
    }

    private static String errorCode(S3Exception e) {
        return e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
    }

    @Override
    public InputStream readBack(String name, UploadState state) {
        return open(name);
    }

    @Override
    public void publish(String name, UploadState state) {
        // a completed object is visible already; the .sha256, uploaded last, marks the backup
    }

    @Override
    public void discard(String name, UploadState state) {
        String uploadId = state.get("uploadId");
        if (uploadId != null) {
            try {
                client.abortMultipartUpload(b -> b.bucket(copy.bucket()).key(key(name)).uploadId(uploadId));
            } catch (S3Exception e) {
                LOG.debug("{}: no multipart upload to abort for {}: {}", copy.name(), name, e.getMessage());
            }
        }
        delete(name);
    }

    @Override
    public List<String> list() {
        List<String> names = new ArrayList<>();
        for (S3Object object : client.listObjectsV2Paginator(b -> b.bucket(copy.bucket()).prefix(folder)).contents()) {
            String name = object.key().substring(folder.length());
            if (!name.isEmpty() && !name.contains("/")) {
                names.add(name);
            }
        }
        return names;
    }

    @Override
    public InputStream open(String name) {
        try {
            return client.getObject(b -> b.bucket(copy.bucket()).key(key(name)));
        } catch (NoSuchKeyException e) {
            throw new FatalError(describe() + ": " + name + " is not there", e);
        }
    }

    @Override
    public void delete(String name) {
        client.deleteObject(b -> b.bucket(copy.bucket()).key(key(name)));
    }

    private String key(String name) {
        return folder + name;
    }

    @Override
    public String describe() {
        return "copy " + copy.name() + " (s3://" + copy.bucket() + "/" + folder
                + (copy.endpoint() == null ? "" : " at " + copy.endpoint()) + ")";
    }

    @Override
    public void close() {
        client.close();
    }
}

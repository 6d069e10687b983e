package org.backupbatch.backup;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.backupbatch.archive.PrivateFiles;
import org.backupbatch.archive.Sha256;
import org.backupbatch.errors.FatalError;
import org.springframework.batch.infrastructure.item.ExecutionContext;

/**
 * Values that may be bulky (tar's warnings for every file of a live site, the row count of every
 * table) kept in a JSON file of the run's work folder instead of the execution context: a shared
 * repository's context columns are bounded ({@code SERIALIZED_CONTEXT} is a 64 KB {@code TEXT} on
 * MariaDB: 5 000 tar warnings failed the step with "Data too long"). The context keeps the file's
 * path ({@code <key>.file}) and sha256 ({@code <key>.sha256}); reading checks the sum, and
 * {@link ResumeCheck} makes the step run again when the file is missing or damaged. A value a run
 * recorded in the context itself (before these files) is still read from there.
 */
final class WorkValues {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkValues() {
    }

    static String fileKey(String key) {
        return key + ".file";
    }

    static String shaKey(String key) {
        return key + ".sha256";
    }

    /**
     * Writes {@code value} to {@code <folder>/<key>.json} (owner-only) and records its path and sum
     * in {@code out}, in place of the value; the value itself leaves both contexts (a step run again
     * must not leave a stale one in the job's, where promotion only adds keys).
     */
    static void put(ExecutionContext out, ExecutionContext job, String key, Object value, Path folder)
            throws IOException {
        Path file = PrivateFiles.write(PrivateFiles.folder(folder).resolve(key + ".json"),
                JSON.writeValueAsBytes(value));
        out.putString(fileKey(key), file.toString());
        out.putString(shaKey(key), Sha256.of(file));
        out.remove(key);
        job.remove(key);
    }

    /** The value recorded under {@code key}, or null when there is none. */
    static <T> T get(ExecutionContext context, String key, TypeReference<T> type) throws IOException {
        if (!context.containsKey(fileKey(key))) {
            @SuppressWarnings("unchecked")
            T inline = (T) context.get(key);
            return inline;
        }
        Path file = Path.of(context.getString(fileKey(key)));
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new FatalError("the work file " + file + " (" + key + ") is missing: run the same command again, "
                    + "the step that writes it runs again");
        }
        String sha = Sha256.hex(digest(content));
        if (!sha.equals(context.getString(shaKey(key)))) {
            throw new FatalError("the work file " + file + " (" + key + ") is damaged: sha256 " + sha + ", recorded "
                    + context.getString(shaKey(key)) + "; run the same command again, the step that writes it "
                    + "runs again");
        }
        return JSON.readValue(content, type);
    }

    private static java.security.MessageDigest digest(byte[] content) {
        java.security.MessageDigest digest = Sha256.newDigest();
        digest.update(content);
        return digest;
    }
}

package org.backupbatch.offsite;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * One off-site copy's storage, as the upload sees it: files named by their remote name (relative
 * to the site's folder or prefix on the copy), uploaded a unit at a time with restart state in
 * an {@link UploadState}, read back, listed and deleted. One owner; closed after use.
 */
public interface CopyStore extends AutoCloseable {

    /**
     * Does the next unit of the upload of {@code file} as {@code name} (a part, a slice, or the
     * whole of a small file), recording in {@code state} what is done.
     *
     * @return true when every byte is uploaded and the file can be read back
     */
    boolean upload(Path file, String name, UploadState state) throws IOException;

    /**
     * Opens the uploaded file for reading back: the object, or the SFTP temporary file that
     * {@link #publish} then renames.
     */
    InputStream readBack(String name, UploadState state) throws IOException;

    /** Makes a verified upload visible under its name (an SFTP rename); nothing for S3. */
    void publish(String name, UploadState state) throws IOException;

    /** Removes an upload that did not check out (object, temporary file, multipart upload). */
    void discard(String name, UploadState state) throws IOException;

    /** The names of the site's files on the copy (published ones only). */
    List<String> list() throws IOException;

    /** Opens a published file for reading (a restore from the copy). */
    InputStream open(String name) throws IOException;

    /** Deletes a published file (pruning); a missing one is no error. */
    void delete(String name) throws IOException;

    /** Where the copy's files of this site are, for messages: no credentials. */
    String describe();

    @Override
    void close();
}

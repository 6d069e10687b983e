package org.backupbatch.offsite;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.backupbatch.config.HostKeyPolicy;
import org.backupbatch.config.OffsiteCopy;
import org.backupbatch.ssh.PrivateKeyFile;
import org.backupbatch.ssh.SshShell;
import org.backupbatch.ssh.SshTarget;
import org.backupbatch.ssh.TransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A copy on an SFTP account (JSch's {@link ChannelSftp}, logged in as the site's own SSH sessions
 * are: key only, host key checked against known_hosts). A file is written to {@code <name>.part}
 * a slice per {@link #upload} call, read back, and only then renamed to its name. A re-run
 * appends to the temporary file from the bytes the server holds (the bytes written so far are
 * recorded too): sequential writes leave a prefix of the file, and the read-back checks all of it.
 */
public final class SftpStore implements CopyStore {

    private static final Logger LOG = LoggerFactory.getLogger(SftpStore.class);
    private static final long SLICE = 32L * 1024 * 1024;
    private static final String TEMP = ".part";

    private final OffsiteCopy.Sftp copy;
    private final String folder;
    private final SshShell shell;
    private final ChannelSftp sftp;
    private boolean folderReady;

    private SftpStore(OffsiteCopy.Sftp copy, String folder, SshShell shell, ChannelSftp sftp) {
        this.copy = copy;
        this.folder = folder;
        this.shell = shell;
        this.sftp = sftp;
    }

    /** Logs in and opens the SFTP channel; files of {@code site} go to {@code <path>/<site>}. */
    static SftpStore connect(OffsiteCopy.Sftp copy, String site) throws IOException {
        String passphrase = copy.privateKeyPassphrase() == null ? null : copy.privateKeyPassphrase().reveal();
        SshTarget target = new SshTarget(copy.host(), copy.port(), copy.user(),
                new PrivateKeyFile(copy.privateKeyPath(), passphrase), copy.knownHosts(),
                copy.hostKeyPolicy() == HostKeyPolicy.ACCEPT_NEW, copy.connectTimeoutSeconds(), 15, 4);
        SshShell shell = SshShell.connect(target);
        try {
            String base = copy.path().endsWith("/") ? copy.path() : copy.path() + "/";
            return new SftpStore(copy, base + site, shell, shell.openSftp());
        } catch (IOException | RuntimeException e) {
            shell.close();
            throw e;
        }
    }

    @Override
    public boolean upload(Path file, String name, UploadState state) throws IOException {
        ensureFolder();
        long size = Files.size(file);
        String temp = path(name + TEMP);
        long offset = sizeOf(temp);
        if (offset > size) {
            LOG.warn("{}: {} holds more bytes than the file; it starts over", copy.name(), temp);
            remove(temp);
            offset = -1;
        }
        offset = Math.max(offset, 0);
        long recorded = state.getLong("written");
        if (offset != recorded) {
            LOG.info("{}: {} resumes from byte {} (the server holds it; {} recorded)", copy.name(), name, offset,
                    recorded);
        }
        long length = Math.min(SLICE, size - offset);
        if (length > 0) {
            try (InputStream in = FileSlice.open(file, offset, length);
                 OutputStream out = sftp.put(temp, null, ChannelSftp.RESUME, 0)) {
                in.transferTo(out);
            } catch (SftpException | IOException e) {
                throw failure("writing " + temp, e);
            }
        }
        state.put("written", Long.toString(offset + length));
        return offset + length == size;
    }

    @Override
    public InputStream readBack(String name, UploadState state) throws IOException {
        return get(path(name + TEMP));
    }

    @Override
    public void publish(String name, UploadState state) throws IOException {
        String target = path(name);
        try {
            if (sizeOf(target) >= 0) {
                sftp.rm(target);
            }
            sftp.rename(path(name + TEMP), target);
        } catch (SftpException e) {
            throw failure("renaming " + name + TEMP + " to " + name, e);
        }
    }

    @Override
    public void discard(String name, UploadState state) throws IOException {
        remove(path(name + TEMP));
        remove(path(name));
    }

    @Override
    public List<String> list() throws IOException {
        List<String> names = new ArrayList<>();
        if (sizeOf(folder) < 0) {
            return names;
        }
        try {
            for (Object entry : sftp.ls(folder)) {
                ChannelSftp.LsEntry ls = (ChannelSftp.LsEntry) entry;
                if (ls.getAttrs().isReg() && !ls.getFilename().endsWith(TEMP)) {
                    names.add(ls.getFilename());
                }
            }
        } catch (SftpException e) {
            throw failure("listing " + folder, e);
        }
        return names;
    }

    @Override
    public InputStream open(String name) throws IOException {
        return get(path(name));
    }

    @Override
    public void delete(String name) throws IOException {
        remove(path(name));
    }

    private InputStream get(String path) throws IOException {
        try {
            return new java.io.FilterInputStream(sftp.get(path)) {
                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    try {
                        return super.read(b, off, len);
                    } catch (IOException e) {
                        throw failure("reading " + path, e);
                    }
                }
            };
        } catch (SftpException e) {
            throw failure("reading " + path, e);
        }
    }

    private void remove(String path) throws IOException {
        try {
            if (sizeOf(path) >= 0) {
                sftp.rm(path);
            }
        } catch (SftpException e) {
            throw failure("removing " + path, e);
        }
    }

    /** The size of a file or folder, or -1 when there is none. */
    private long sizeOf(String path) throws IOException {
        try {
            SftpATTRS attrs = sftp.stat(path);
            return attrs.isDir() ? 0 : attrs.getSize();
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return -1;
            }
            throw failure("reading the attributes of " + path, e);
        }
    }

    /** {@code mkdir -p} of the site's folder on the copy. */
    private void ensureFolder() throws IOException {
        if (folderReady) {
            return;
        }
        StringBuilder at = new StringBuilder(folder.startsWith("/") ? "/" : "");
        for (String part : folder.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            at.append(part);
            if (sizeOf(at.toString()) < 0) {
                try {
                    sftp.mkdir(at.toString());
                } catch (SftpException e) {
                    throw failure("creating the folder " + at, e);
                }
            }
            at.append('/');
        }
        folderReady = true;
    }

    private String path(String name) {
        return folder + "/" + name;
    }

    /** A failure; a {@link TransportException} (tried again) when the connection is gone with it. */
    private IOException failure(String what, Exception e) {
        String message = describe() + ": " + what + ": " + e.getMessage();
        return sftp.isConnected() && !sftp.isClosed() ? new IOException(message, e)
                : new TransportException(message + " (connection lost)", e);
    }

    @Override
    public String describe() {
        return "copy " + copy.name() + " (sftp://" + copy.user() + "@" + copy.host() + ":" + copy.port() + "/"
                + folder + ")";
    }

    @Override
    public void close() {
        sftp.disconnect();
        shell.close();
    }
}

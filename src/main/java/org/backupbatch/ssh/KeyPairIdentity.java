package org.backupbatch.ssh;

import com.jcraft.jsch.Identity;
import com.jcraft.jsch.KeyPair;

/**
 * A private key already read and decrypted by {@link PrivateKeyFile}, handed to JSch as is: JSch's
 * own file identity would read and decrypt the file again (with a bcrypt-derived key, that is
 * slow), and its one failure for every cause would hide which cause it was.
 */
final class KeyPairIdentity implements Identity {

    private final String name;
    private final KeyPair pair;

    KeyPairIdentity(String name, KeyPair pair) {
        this.name = name;
        this.pair = pair;
    }

    @Override
    public boolean setPassphrase(byte[] passphrase) {
        return pair.decrypt(passphrase);
    }

    @Override
    public byte[] getPublicKeyBlob() {
        return pair.getPublicKeyBlob();
    }

    @Override
    public byte[] getSignature(byte[] data) {
        return pair.getSignature(data);
    }

    /** With {@code alg} {@code rsa-sha2-256} or {@code rsa-sha2-512}, an RSA key signs with SHA-2. */
    @Override
    public byte[] getSignature(byte[] data, String alg) {
        return pair.getSignature(data, alg);
    }

    @Override
    public String getAlgName() {
        return pair.getKeyTypeString();
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public boolean isEncrypted() {
        return pair.isEncrypted();
    }

    @Override
    public void clear() {
        pair.dispose();
    }
}

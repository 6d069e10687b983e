package org.backupbatch.it;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.jce.AES128CTR;
import java.util.concurrent.atomic.AtomicBoolean;
import org.backupbatch.cli.Main;
import org.springframework.batch.core.scope.context.StepContext;
import org.springframework.batch.core.scope.context.StepSynchronizationManager;

/**
 * The tool's own {@code main}, in a JVM where JSch's session thread dies by an {@link
 * OutOfMemoryError} in one chosen step: the thread that reads the server's packets of the SSH
 * session that this step opened throws it while decrypting, as a real one does when a listing
 * fills the heap. Nothing else differs from {@code java -jar}: the same classes, the real sshd.
 * <p>
 * {@code java -cp <test class path> org.backupbatch.it.DyingSessionThread <step> <words…>}
 */
public final class DyingSessionThread {

    static final String MESSAGE = "Java heap space (made by the test)";

    private DyingSessionThread() {
    }

    public static void main(String[] args) {
        Cipher.step = args[0];
        JSch.setConfig("cipher.s2c", "aes128-ctr");
        JSch.setConfig("cipher.c2s", "aes128-ctr");
        JSch.setConfig("aes128-ctr", Cipher.class.getName());
        String[] words = new String[args.length - 1];
        System.arraycopy(args, 1, words, 0, words.length);
        Main.main(words);
    }

    /** AES-128-CTR that, in the session of the chosen step, fails in the session thread. */
    public static final class Cipher extends AES128CTR {

        static volatile String step;
        private static final AtomicBoolean FIRED = new AtomicBoolean();
        private boolean doomed;

        @Override
        public void init(int mode, byte[] key, byte[] iv) throws Exception {
            super.init(mode, key, iv);
            // keys are made while the step connects, in the step's own thread
            StepContext context = StepSynchronizationManager.getContext();
            doomed = mode == DECRYPT_MODE && context != null && context.getStepName().equals(step);
        }

        @Override
        public void update(byte[] in, int inOffset, int length, byte[] out, int outOffset) throws Exception {
            if (doomed && Thread.currentThread().getName().startsWith("Connect thread")
                    && FIRED.compareAndSet(false, true)) {
                throw new OutOfMemoryError(MESSAGE);
            }
            super.update(in, inOffset, length, out, outOffset);
        }
    }
}

package org.backupbatch.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy between the tool and the test sshd (127.0.0.1 on an ephemeral port, forwarding to
 * {@code ssh.port} of the test environment) that breaks connections the way a network does: after
 * a number of bytes from the server, it resets the connection to the client (SO_LINGER 0, then
 * close: an RST, "Connection reset") and closes the one to the server. Small connections (login,
 * checks, a small dump) stay under the threshold; only those carrying a big stream are cut.
 */
final class FaultProxy implements AutoCloseable {

    private static final long NEVER = Long.MAX_VALUE;

    private final ServerSocket server;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    /** Client sockets whose connection stalls: nothing of theirs is forwarded any more. */
    private final Set<Socket> stalled = ConcurrentHashMap.newKeySet();
    private final AtomicLong resetAfter = new AtomicLong(NEVER);
    private final AtomicInteger resetsLeft = new AtomicInteger();
    private final AtomicInteger resets = new AtomicInteger();
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong delayMillis = new AtomicLong();
    private final AtomicLong stallAfter = new AtomicLong(NEVER);
    private final AtomicInteger stallsLeft = new AtomicInteger();
    private final AtomicInteger stalls = new AtomicInteger();

    private FaultProxy(ServerSocket server, int targetPort) {
        this.server = server;
        this.targetPort = targetPort;
    }

    /** A proxy to the test sshd, forwarding everything until told otherwise. */
    static FaultProxy toTestSshd() throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        FaultProxy proxy = new FaultProxy(server, Integer.parseInt(TestEnv.get("ssh.port")));
        Thread acceptor = new Thread(proxy::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    /** A proxy to any local TCP port (an S3 server, say), forwarding everything until told otherwise. */
    static FaultProxy to(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        FaultProxy proxy = new FaultProxy(server, port);
        Thread acceptor = new Thread(proxy::acceptLoop, "fault-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
        return proxy;
    }

    int port() {
        return server.getLocalPort();
    }

    /** Every connection that receives more than {@code bytes} from the server is reset. */
    FaultProxy resetAfter(long bytes) {
        resetsLeft.set(Integer.MAX_VALUE);
        resetAfter.set(bytes);
        return this;
    }

    /** Only the first connection that receives more than {@code bytes} from the server is reset. */
    FaultProxy resetOnceAfter(long bytes) {
        resetsLeft.set(1);
        resetAfter.set(bytes);
        return this;
    }

    /** Forwards everything from now on (connections already open included). */
    FaultProxy noFaults() {
        resetAfter.set(NEVER);
        return this;
    }

    /**
     * Holds each chunk from the server for {@code millis} before passing it on (0: no delay), a
     * slow host: a step of a few round trips then lasts seconds, long enough to be caught.
     */
    FaultProxy delayEach(long millis) {
        delayMillis.set(millis);
        return this;
    }

    /**
     * The first connection that receives more than {@code bytes} from the server stalls: from
     * then on nothing passes in either direction and nothing is closed, as when a NAT entry or a
     * host dies silently. Later connections are forwarded.
     */
    FaultProxy stallOnceAfter(long bytes) {
        stallsLeft.set(1);
        stallAfter.set(bytes);
        return this;
    }

    /** How many connections stalled so far. */
    int stalls() {
        return stalls.get();
    }

    /** How many connections were reset so far. */
    int resets() {
        return resets.get();
    }

    int connections() {
        return connections.get();
    }

    /**
     * The {@code ssh:} section of a site file that goes through this proxy: the test
     * environment's, with the proxy's port and a known_hosts (written into {@code dir}) whose
     * entries name {@code [127.0.0.1]:<proxy port>} instead of the sshd's port.
     */
    String sshYaml(Path dir) throws IOException {
        String sshdPort = TestEnv.get("ssh.port");
        Path original = Path.of(TestEnv.get("ssh.known_hosts"));
        Path copy = dir.resolve("known_hosts-proxy-" + port());
        Files.createDirectories(dir);
        List<String> lines = Files.readAllLines(original).stream()
                .map(l -> l.replace("[127.0.0.1]:" + sshdPort + " ", "[127.0.0.1]:" + port() + " "))
                .toList();
        Files.write(copy, lines);
        return TestEnv.sshYaml()
                .replace("  port: " + sshdPort + "\n", "  port: " + port() + "\n")
                .replace("  known_hosts: " + original + "\n", "  known_hosts: " + copy + "\n");
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket();
                sockets.add(client);
                sockets.add(upstream);
                try {
                    upstream.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 5000);
                } catch (IOException e) {
                    closeQuietly(client);
                    closeQuietly(upstream);
                    continue;
                }
                connections.incrementAndGet();
                start("fault-proxy-up", () -> pump(client, upstream, false));
                start("fault-proxy-down", () -> pump(upstream, client, true));
            } catch (IOException e) {
                // closed
            }
        }
    }

    private static void start(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Copies {@code from} to {@code to}; server→client copies count bytes and may reset. */
    private void pump(Socket from, Socket to, boolean fromServer) {
        byte[] buffer = new byte[16 * 1024];
        long forwarded = 0;
        try {
            // Not closed here: closing a socket's stream closes the socket, both directions.
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            int n;
            while ((n = in.read(buffer)) != -1) {
                if (!fromServer && stalled.contains(from)) {
                    continue; // swallowed
                }
                if (fromServer && forwarded + n > resetAfter.get() && resetsLeft.getAndDecrement() > 0) {
                    int head = (int) Math.max(0, resetAfter.get() - forwarded);
                    out.write(buffer, 0, head);
                    out.flush();
                    resets.incrementAndGet();
                    reset(to);
                    closeQuietly(from);
                    return;
                }
                if (fromServer && forwarded + n > stallAfter.get() && stallsLeft.getAndDecrement() > 0) {
                    stalls.incrementAndGet();
                    stall(to);
                    return;
                }
                long delay = fromServer ? delayMillis.get() : 0;
                if (delay > 0) {
                    Thread.sleep(delay);
                }
                out.write(buffer, 0, n);
                forwarded += n;
            }
            to.shutdownOutput();
        } catch (IOException e) {
            closeQuietly(to);
            closeQuietly(from);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(to);
            closeQuietly(from);
        }
    }

    /**
     * Holds the connection: this pump stops reading from the server (nothing more reaches the
     * client) and the client→server pump swallows what the client sends; nothing is closed
     * until the client gives up (or the proxy closes).
     */
    private void stall(Socket client) {
        stalled.add(client);
    }

    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // closing it is what matters
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        sockets.forEach(FaultProxy::closeQuietly);
    }
}

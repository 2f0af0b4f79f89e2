package org.altoredist.wire.endpoint;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.altoredist.wire.DisconnectReason;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.WireConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A BitTorrent peer-wire endpoint that speaks only the {@code ar_alto} extension: it accepts and
 * dials connections for the info-hashes registered with it, holds no pieces (have_none), and
 * hands every extension message to its {@link WireListener}. One network thread (Java NIO) runs
 * all connections; {@link WirePeer#send} may be called from any thread.
 *
 * <pre>
 * WireEndpoint ep = WireEndpoint.open(new InetSocketAddress("127.0.1.1", 0), WireConfig.defaults(), listener);
 * ep.register(infoHash);
 * WirePeer peer = ep.dial(infoHash, other).get();
 * </pre>
 */
public final class WireEndpoint implements Closeable {

  private static final Logger log = LoggerFactory.getLogger(WireEndpoint.class);
  /** One read buffer for all connections: each read is consumed whole before the next. */
  private static final int READ_BUFFER_SIZE = 256 * 1024;
  /** How long close() waits for the network thread to close every connection. */
  private static final long SHUTDOWN_WAIT_MILLIS = 5000;
  /** Azureus-style client prefix of our peer ids (BEP 20). */
  private static final String PEER_ID_PREFIX = "-AR0100-";

  private final WireConfig config;
  private final WireListener listener;
  private final Selector selector;
  private final ServerSocketChannel server;
  private final InetSocketAddress local;
  private final byte[] peerId = newPeerId();
  private final Set<InfoHash> registered = ConcurrentHashMap.newKeySet();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private final Set<Connection> dirty = new LinkedHashSet<>();
  private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
  private final long tickNanos;
  private final Thread thread;
  private volatile boolean open = true;

  private WireEndpoint(InetSocketAddress bind, WireConfig config, WireListener listener) throws IOException {
    this.selector = Selector.open();
    this.server = ServerSocketChannel.open();
    server.bind(bind);
    server.configureBlocking(false);
    server.register(selector, SelectionKey.OP_ACCEPT);
    this.local = (InetSocketAddress) server.getLocalAddress();
    this.config = config.withListenPort(local.getPort());
    this.listener = listener;
    long shortest = Math.min(config.handshakeTimeout().toNanos(),
        Math.min(config.idleTimeout().toNanos(), config.keepAliveInterval().toNanos()));
    // A quarter of the shortest timeout keeps timeouts accurate to 25 %, between 10 ms and 1 s.
    this.tickNanos = Math.max(10_000_000L, Math.min(1_000_000_000L, shortest / 4));
    this.thread = new Thread(this::run, "ar_alto-endpoint-" + local);
    thread.setDaemon(true);
  }

  /** Binds {@code bind} (port 0 picks one) and starts the network thread. */
  public static WireEndpoint open(InetSocketAddress bind, WireConfig config, WireListener listener) throws IOException {
    WireEndpoint e = new WireEndpoint(bind, config, listener);
    e.thread.start();
    log.info("endpoint {}: listening", e.local);
    return e;
  }

  public InetSocketAddress localAddress() {
    return local;
  }

  /** Accept connections for this torrent. */
  public void register(InfoHash infoHash) {
    registered.add(infoHash);
  }

  /** Refuse new connections for this torrent; existing ones stay. */
  public void unregister(InfoHash infoHash) {
    registered.remove(infoHash);
  }

  public List<WirePeer> peers() {
    return new ArrayList<>(connections);
  }

  /**
   * Dials {@code remote} for {@code infoHash}, from this endpoint's own address. Completes when
   * the BEP 3 handshake is done, or exceptionally with the {@link org.altoredist.wire.WireException}
   * or {@link IOException} that ended the attempt.
   */
  public CompletableFuture<WirePeer> dial(InfoHash infoHash, InetSocketAddress remote) {
    CompletableFuture<WirePeer> done = new CompletableFuture<>();
    onLoop(() -> {
      try {
        SocketChannel ch = SocketChannel.open();
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.bind(new InetSocketAddress(local.getAddress(), 0));
        Connection c = new Connection(this, ch, remote, infoHash, done, System.nanoTime());
        connections.add(c);
        boolean now = ch.connect(remote);
        c.attach(ch.register(selector, now ? SelectionKey.OP_READ | SelectionKey.OP_WRITE : SelectionKey.OP_CONNECT, c));
      } catch (IOException e) {
        log.info("endpoint {}: dialling {} failed: {}", local, remote, e.toString());
        done.completeExceptionally(e);
      }
    });
    return done;
  }

  /** Closes every connection ({@code CLOSED_LOCALLY}) and the listening socket; safe from a listener call. */
  @Override
  public void close() {
    if (!open) {
      return;
    }
    open = false;
    selector.wakeup();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(SHUTDOWN_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  WireConfig config() {
    return config;
  }

  WireListener listener() {
    return listener;
  }

  byte[] peerId() {
    return peerId.clone();
  }

  boolean isRegistered(InfoHash h) {
    return registered.contains(h);
  }

  void removed(Connection c) {
    connections.remove(c);
  }

  void onLoop(Runnable task) {
    tasks.add(task);
    selector.wakeup();
  }

  /** Flush {@code c} at the end of this loop turn, or wake the loop when called from elsewhere. */
  void flushSoon(Connection c) {
    if (Thread.currentThread() == thread) {
      dirty.add(c);
    } else {
      onLoop(c::flush);
    }
  }

  private void run() {
    long lastTick = System.nanoTime();
    try {
      while (open) {
        selector.select(Math.max(1, tickNanos / 1_000_000));
        Runnable task;
        while ((task = tasks.poll()) != null) {
          task.run();
        }
        for (SelectionKey k : selector.selectedKeys()) {
          handle(k);
        }
        selector.selectedKeys().clear();
        long now = System.nanoTime();
        if (now - lastTick >= tickNanos) {
          lastTick = now;
          for (Connection c : connections) {
            c.tick(now);
          }
        }
        for (Connection c : dirty) {
          c.flush();
        }
        dirty.clear();
      }
    } catch (IOException | RuntimeException e) {
      log.error("endpoint {}: network thread failed", local, e);
    } finally {
      shutdown();
    }
  }

  private void handle(SelectionKey k) {
    if (!k.isValid()) {
      return;
    }
    if (k.isAcceptable()) {
      accept();
      return;
    }
    Connection c = (Connection) k.attachment();
    try {
      if (k.isConnectable()) {
        ((SocketChannel) k.channel()).finishConnect();
        k.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
      }
      if (k.isValid() && k.isReadable()) {
        c.readable(readBuffer, System.nanoTime());
      }
      if (k.isValid() && k.isWritable()) {
        c.flush();
      }
    } catch (IOException e) {
      c.close(DisconnectReason.IO_ERROR, e.toString());
    }
  }

  private void accept() {
    try {
      SocketChannel ch;
      while ((ch = server.accept()) != null) {
        InetSocketAddress remote = (InetSocketAddress) ch.getRemoteAddress();
        if (!Occupancy.makeRoomFor(connections, remote, local)) {
          ch.close();
          continue;
        }
        ch.configureBlocking(false);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        Connection c = new Connection(this, ch, remote, null, null, System.nanoTime());
        connections.add(c);
        c.attach(ch.register(selector, SelectionKey.OP_READ, c));
      }
    } catch (IOException e) {
      log.warn("endpoint {}: accepting failed: {}", local, e.toString());
    }
  }

  private void shutdown() {
    for (Connection c : new ArrayList<>(connections)) {
      c.close(DisconnectReason.CLOSED_LOCALLY, "endpoint closed");
    }
    try {
      server.close();
      selector.close();
    } catch (IOException e) {
      log.debug("endpoint {}: closing failed: {}", local, e.toString());
    }
    log.info("endpoint {}: closed", local);
  }

  private static byte[] newPeerId() {
    byte[] id = new byte[20];
    byte[] prefix = PEER_ID_PREFIX.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(prefix, 0, id, 0, prefix.length);
    String alphabet = "0123456789abcdefghijklmnopqrstuvwxyz";
    SecureRandom random = new SecureRandom();
    for (int i = prefix.length; i < id.length; i++) {
      id[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return id;
  }
}

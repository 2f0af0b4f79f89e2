package org.altoredist.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signing ALTO server (alto-http.md): serves the IRD, network maps and cost maps generated from
 * an operator's map files, each with its detached signature, over HTTP and/or HTTPS; republishes
 * when a file changes, keeping the previous good version when a change is refused; counts requests
 * per resource.
 *
 * <p>The HTTP stack is Jetty's, because clients may be hostile (issue 13): it parses request heads
 * without holding a thread, so slowloris connections and idle sockets cost buffers, not workers;
 * it answers a malformed head with 400 at once; and it writes answers without a thread, so a slow
 * reader holds none. {@link HeadDeadline} closes a connection whose request head or body is late. The
 * JDK's server read each head on a worker thread with blocking I/O, so 400 slow clients delayed
 * an honest request by 15-20 s, and it has no way to bound the time of a head alone.
 *
 * <pre>{@code
 * try (AltoServer s = AltoServer.builder(ServiceConfig.of(mapsDir, stateDir, service)).httpPort(8080).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class AltoServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AltoServer.class);

  /**
   * How long a connection may make no progress while an answer is written (or between requests,
   * before {@link HeadDeadline} closes it sooner): a stalled reader gives its buffers back then.
   */
  static final Duration IDLE_TIMEOUT = Duration.ofSeconds(30);

  /** Threads each listener leases from the pool for accepting and selecting, beyond the workers. */
  private static final int THREADS_PER_LISTENER = 2;

  /** Largest request head: ALTO GET requests are a line and a few headers; 8 KiB is common practice. */
  private static final int MAX_HEAD_BYTES = HttpHeaders.MAX_HEADER_CHARS;

  private final Publication publication;
  private final String prefix;
  private final Counters counters = new Counters();
  private final ClientTally tally = new ClientTally();
  private final Admission admission;
  private final Server server;
  private final HeadDeadline deadline;
  private final URI httpBase;
  private final URI httpsBase;
  private final DirectoryWatcher watcher;
  private final ScheduledExecutorService refresher;

  private AltoServer(Builder b) throws IOException {
    this.deadline = new HeadDeadline(b.headDeadline);
    this.publication = new Publication(b.config);
    this.prefix = b.prefix;
    try {
      publication.rebuild();
    } catch (IOException | RuntimeException e) {
      publication.close();
      throw e;
    }
    this.admission = new Admission(b.workers, b.queue);
    int listeners = (b.httpPort < 0 ? 0 : 1) + (b.httpsPort < 0 ? 0 : 1);
    QueuedThreadPool pool = new QueuedThreadPool(b.workers + THREADS_PER_LISTENER * listeners + 1,
        Math.min(4, b.workers), (int) IDLE_TIMEOUT.toMillis());
    pool.setName("alto-http");
    pool.setDaemon(true);
    pool.setReservedThreads(0);
    this.server = new Server(pool);
    server.setErrorHandler(new StackErrors());
    ServerMetrics metrics = new ServerMetrics(this::stats, publication, tally);
    server.setHandler(new RequestHandler(prefix, publication::current, Map.of(
        Catalog.STATUS_PATH, new RequestHandler.Own("application/json", this::statusDocument),
        Catalog.METRICS_PATH, new RequestHandler.Own(ServerMetrics.MEDIA_TYPE, metrics::scrape)),
        counters, tally, b.retryAfter, admission, deadline));
    try {
      ServerConnector http = b.httpPort < 0 ? null : connector(b, b.httpPort, new HttpConnectionFactory(httpConfig()));
      ServerConnector https = null;
      if (b.httpsPort >= 0) {
        SslContextFactory.Server tls = new SslContextFactory.Server();
        tls.setSslContext(publication.credentials().serverTls());
        https = connector(b, b.httpsPort, new SslConnectionFactory(tls, "http/1.1"),
            new HttpConnectionFactory(httpConfig()));
      }
      server.start();
      deadline.start(server.getScheduler());
      httpBase = http == null ? null : base("http", http);
      httpsBase = https == null ? null : base("https", https);
      watcher = b.config.maps() != null && b.watch ? new DirectoryWatcher(b.config.maps(), this::rescanQuietly) : null;
    } catch (Exception e) {
      close();
      throw e instanceof IOException io ? io : new IOException("cannot start the ALTO server: " + e.getMessage(), e);
    }
    refresher = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "alto-refresh");
      t.setDaemon(true);
      return t;
    });
    long every = b.refresh.toMillis();
    refresher.scheduleWithFixedDelay(this::rescanQuietly, every, every, TimeUnit.MILLISECONDS);
    log.info("ALTO service {} serving {}{}", publication.config().service(), httpBase == null ? "" : directory(httpBase),
        httpsBase == null ? "" : (httpBase == null ? "" : " and ") + directory(httpsBase));
  }

  public static Builder builder(ServiceConfig config) {
    return new Builder(config);
  }

  private ServerConnector connector(Builder b, int port, ConnectionFactory... factories) {
    ServerConnector c = new ServerConnector(server, 1, 1, factories);
    c.setHost(b.bind.getHostAddress());
    c.setPort(port);
    c.setIdleTimeout(IDLE_TIMEOUT.toMillis());
    c.addBean(deadline);
    server.addConnector(c);
    return c;
  }

  private static HttpConfiguration httpConfig() {
    HttpConfiguration h = new HttpConfiguration();
    h.setSendServerVersion(false);
    h.setRequestHeaderSize(MAX_HEAD_BYTES);
    return h;
  }

  private URI base(String scheme, ServerConnector c) {
    String host = c.getHost();
    return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + c.getLocalPort() + prefix);
  }

  private static URI directory(URI base) {
    return base.resolve(Catalog.DIRECTORY_PATH);
  }

  /** The service identity its signatures name (the URI clients are configured with). */
  public URI service() {
    return publication.config().service();
  }

  /** The upstream IRD a gateway mirrors, or null for a server of map files. */
  public URI upstream() {
    return publication.config().upstream() == null ? null : publication.config().upstream().directory();
  }

  /** Where the IRD is served over HTTP, or null without an HTTP listener. */
  public URI httpDirectory() {
    return httpBase == null ? null : directory(httpBase);
  }

  /** Where the IRD is served over HTTPS, or null without an HTTPS listener. */
  public URI httpsDirectory() {
    return httpsBase == null ? null : directory(httpsBase);
  }

  /** Where the Prometheus metrics are, on the first listener. */
  public URI metricsUri() {
    return (httpBase != null ? httpBase : httpsBase).resolve(Catalog.METRICS_PATH);
  }

  /** Where the JSON status resource is, on the first listener. */
  public URI statusUri() {
    return (httpBase != null ? httpBase : httpsBase).resolve(Catalog.STATUS_PATH);
  }

  /** The signer's certificate chain (also the TLS server chain). */
  public List<X509Certificate> signerChain() {
    return publication.credentials().chain();
  }

  /** The demo CA certificate file when the server made its own PKI, else null. */
  public Path demoCa() {
    return publication.credentials().demoCa();
  }

  /** Request counts since start, and the map files the latest build refused. */
  public ServerStats stats() {
    return new ServerStats(counters.resources(), counters.errors(), admission.inFlight(),
        publication.rejections(), publication.upstreamStatus());
  }

  /** Reads the map files now and publishes what changed (the watcher and a timer also do). */
  public void rescan() throws IOException {
    publication.rebuild();
  }

  private void rescanQuietly() {
    try {
      publication.rebuild();
    } catch (IOException | RuntimeException e) {
      log.error("rebuilding ALTO service {} failed; the previous version stays in service",
          publication.config().service(), e);
    }
  }

  private byte[] statusDocument() {
    return StatusDocument.of(service().toString(), publication.current(), stats(), publication.config().clock().instant());
  }

  @Override
  public void close() {
    deadline.stop();
    publication.close();
    try {
      server.stop();
    } catch (Exception e) {
      log.debug("stopping the HTTP server: {}", e.toString());
    }
    if (refresher != null) {
      refresher.shutdownNow();
    }
    if (watcher != null) {
      try {
        watcher.close();
      } catch (IOException e) {
        log.debug("closing the map watcher: {}", e.toString());
      }
    }
  }

  /** Collects the server's settings; {@link #start} binds and publishes. */
  public static final class Builder {
    private final ServiceConfig config;
    private InetAddress bind = InetAddress.getLoopbackAddress();
    private int httpPort = 0;
    private int httpsPort = -1;
    private String prefix = "/";
    private int workers = 8;
    private int queue = 128;
    private Duration retryAfter = Duration.ofSeconds(1);
    private boolean watch = true;
    private Duration refresh = Duration.ofSeconds(30);
    private Duration headDeadline = HeadDeadline.DEADLINE;

    private Builder(ServiceConfig config) {
      this.config = Objects.requireNonNull(config, "config");
    }

    /** The address to listen on (default: the loopback address). */
    public Builder bind(InetAddress address) {
      this.bind = Objects.requireNonNull(address);
      return this;
    }

    /** The HTTP port; 0 picks a free one, -1 turns HTTP off (default 0). */
    public Builder httpPort(int port) {
      this.httpPort = port;
      return this;
    }

    /** The HTTPS port; 0 picks a free one, -1 turns HTTPS off (default -1). */
    public Builder httpsPort(int port) {
      this.httpsPort = port;
      return this;
    }

    /** The path the service is served under, e.g. "/alto/" (default "/"); the IRD is at prefix + "directory". */
    public Builder pathPrefix(String p) {
      if (!p.startsWith("/") || !p.endsWith("/") || p.contains("//") || p.contains("?") || p.contains("#")) {
        throw new IllegalArgumentException("a path prefix starts and ends with '/': " + p);
      }
      this.prefix = p;
      return this;
    }

    /** Threads that process requests: at most this many are worked on at once (default 8). */
    public Builder workers(int n) {
      this.workers = n;
      return this;
    }

    /**
     * At most this many more requests may be in progress (their answers being written, or waiting
     * for a thread); beyond workers + queue, requests are answered 503 at once (default 128).
     */
    public Builder queue(int n) {
      this.queue = n;
      return this;
    }

    /** The Retry-After sent with 503 (whole seconds, at least 1; default 1 s). */
    public Builder retryAfter(Duration d) {
      this.retryAfter = d;
      return this;
    }

    /** Whether to republish as soon as a map file changes (default true). */
    public Builder watch(boolean on) {
      this.watch = on;
      return this;
    }

    /** How often the files are rescanned regardless of events, and signatures renewed (default 30 s). */
    public Builder refreshInterval(Duration d) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("refresh interval " + d);
      }
      this.refresh = d;
      return this;
    }

    /**
     * The deadline of a request head or body (alto-http.md §4.4; default {@link HeadDeadline#DEADLINE}): the
     * fuzz target, which opens thousands of connections that never complete a head, shortens it.
     */
    Builder headDeadline(Duration d) {
      if (d.isZero() || d.isNegative()) {
        throw new IllegalArgumentException("head deadline " + d);
      }
      this.headDeadline = d;
      return this;
    }

    public AltoServer start() throws IOException {
      if (httpPort < 0 && httpsPort < 0) {
        throw new IllegalArgumentException("turn on HTTP, HTTPS or both");
      }
      return new AltoServer(this);
    }
  }
}

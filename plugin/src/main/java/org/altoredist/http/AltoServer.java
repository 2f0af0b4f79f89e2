package org.altoredist.http;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signing ALTO server (alto-http.md): serves the IRD, network maps and cost maps generated from
 * an operator's map files, each with its detached signature, over HTTP and/or HTTPS with the JDK's
 * HTTP server; republishes when a file changes, keeping the previous good version when a change is
 * refused; counts requests per resource.
 *
 * <pre>{@code
 * try (AltoServer s = AltoServer.builder(ServiceConfig.of(mapsDir, stateDir, service)).httpPort(8080).start()) {
 *   ...
 * }
 * }</pre>
 */
public final class AltoServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(AltoServer.class);

  static {
    // The JDK server writes headers and body separately; with Nagle's algorithm a small body then
    // waits for the client's delayed ACK (tens of milliseconds). Read once, when the first server starts.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
    // The JDK server reads a request on a worker thread and by default waits for it forever, so a
    // client trickling its headers holds a worker; 30 s (the property is in seconds) is ample for
    // any honest client of a GET-only service and bounds how long one can hold it.
    if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
      System.setProperty("sun.net.httpserver.maxReqTime", "30");
    }
  }

  private final Publication publication;
  private final String prefix;
  private final Counters counters = new Counters();
  private final Admission admission;
  private final List<HttpServer> servers = new ArrayList<>();
  private final URI httpBase;
  private final URI httpsBase;
  private final DirectoryWatcher watcher;
  private final ScheduledExecutorService refresher;

  private AltoServer(Builder b) throws IOException {
    this.publication = new Publication(b.config);
    this.prefix = b.prefix;
    publication.rebuild();
    this.admission = new Admission(b.workers, b.queue, "alto-http");
    RequestHandler handler = new RequestHandler(prefix, publication::current, this::statusDocument, counters,
        b.retryAfter);
    try {
      httpBase = b.httpPort < 0 ? null : listen(HttpServer.create(new InetSocketAddress(b.bind, b.httpPort), 0),
          "http", handler);
      HttpsServer https = null;
      if (b.httpsPort >= 0) {
        https = HttpsServer.create(new InetSocketAddress(b.bind, b.httpsPort), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(publication.credentials().serverTls()));
      }
      httpsBase = https == null ? null : listen(https, "https", handler);
      watcher = b.config.maps() != null && b.watch ? new DirectoryWatcher(b.config.maps(), this::rescanQuietly) : null;
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
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

  private URI listen(HttpServer s, String scheme, RequestHandler handler) {
    s.createContext("/", handler);
    s.setExecutor(admission);
    s.start();
    servers.add(s);
    InetSocketAddress a = s.getAddress();
    String host = a.getAddress().getHostAddress();
    return URI.create(scheme + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort() + prefix);
  }

  private static URI directory(URI base) {
    return base.resolve(Catalog.DIRECTORY_PATH);
  }

  /** The service identity its signatures name (the URI clients are configured with). */
  public URI service() {
    return publication.config().service();
  }

  /** Where the IRD is served over HTTP, or null without an HTTP listener. */
  public URI httpDirectory() {
    return httpBase == null ? null : directory(httpBase);
  }

  /** Where the IRD is served over HTTPS, or null without an HTTPS listener. */
  public URI httpsDirectory() {
    return httpsBase == null ? null : directory(httpsBase);
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
    return new ServerStats(counters.resources(), counters.errors(), admission == null ? 0 : admission.inFlight(),
        publication.rejections());
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
    return StatusDocument.of(service().toString(), publication.current(), stats());
  }

  @Override
  public void close() {
    for (HttpServer s : servers) {
      s.stop(0);
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
    if (admission != null) {
      admission.shutdown();
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

    /** At most this many requests are processed at once (default 8). */
    public Builder workers(int n) {
      this.workers = n;
      return this;
    }

    /** At most this many more wait; beyond that, requests are answered 503 (default 128). */
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

    public AltoServer start() throws IOException {
      if (httpPort < 0 && httpsPort < 0) {
        throw new IllegalArgumentException("turn on HTTP, HTTPS or both");
      }
      return new AltoServer(this);
    }
  }
}

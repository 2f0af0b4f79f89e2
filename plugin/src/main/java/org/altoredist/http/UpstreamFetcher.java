package org.altoredist.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.altoredist.http.UpstreamRefusal.Reason;

/**
 * The gateway's GETs to its upstream: conditional (If-None-Match, If-Modified-Since, with the
 * validators of the last 200 for that URI), one attempt each (the next poll is the retry), and a
 * deadline on the whole exchange. The JDK client's request timeout ends only the wait for the
 * head; a body trickled byte by byte would hold a poll forever, so the exchange runs on a worker
 * that is interrupted at the deadline (a fresh worker per exchange if need be, so that one stuck
 * in a read can never hold up the next poll). Every failure becomes one typed {@link UpstreamRefusal}.
 */
final class UpstreamFetcher implements AutoCloseable {

  /** What a GET delivered, and whether it is the held copy a 304 confirmed. */
  record Got(byte[] bytes, boolean notModified) {}

  private static final RetryPolicy ONCE = new RetryPolicy(1, Duration.ZERO, Duration.ZERO, Duration.ZERO);

  private final Duration timeout;
  private final HttpFetcher fetcher;
  private final ExecutorService worker;
  private final Map<URI, HttpFetcher.Held> held = new HashMap<>();

  UpstreamFetcher(Upstream upstream, Clock clock) {
    this.timeout = upstream.timeout();
    HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout);
    if (!upstream.tlsAnchors().isEmpty()) {
      try {
        b.sslContext(Credentials.trusting(upstream.tlsAnchors()));
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("the upstream's CA certificates are unusable: " + e.getMessage(), e);
      }
    }
    HttpClient http = b.build();
    this.fetcher = new HttpFetcher(http, ONCE, RandomGenerator.getDefault(), RetryPolicy.Sleeper.SYSTEM, clock, timeout);
    this.worker = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "alto-upstream");
      t.setDaemon(true);
      return t;
    });
  }

  Got get(URI uri, String mediaType, int maxBytes) throws UpstreamRefusal {
    HttpFetcher.Held h = held.get(uri);
    Future<HttpFetcher.Fetched> f = worker.submit(() -> fetcher.get(uri, mediaType, h, maxBytes));
    try {
      HttpFetcher.Fetched got = f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!got.notModified()) {
        held.put(uri, got.held());
      }
      return new Got(got.bytes(), got.notModified());
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new UpstreamRefusal(Reason.TIMEOUT, uri + ": no complete answer within " + timeout.toMillis() + " ms");
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new UpstreamRefusal(Reason.TIMEOUT, uri + ": interrupted");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof AltoClientException a) {
        throw refusal(a);
      }
      throw new UpstreamRefusal(Reason.UNREACHABLE, uri + ": " + e.getCause());
    }
  }

  private static UpstreamRefusal refusal(AltoClientException a) {
    String detail = a.getMessage().substring(a.failure().name().length() + 2);
    Reason r = switch (a.failure()) {
      case UNREACHABLE -> a.getCause() instanceof HttpTimeoutException ? Reason.TIMEOUT : Reason.UNREACHABLE;
      case WRONG_CONTENT_TYPE -> Reason.WRONG_CONTENT_TYPE;
      case TOO_LARGE -> Reason.TOO_LARGE;
      case INTERRUPTED -> Reason.TIMEOUT;
      default -> a.status() >= 500 ? Reason.SERVER_ERROR : Reason.HTTP_ERROR;
    };
    return new UpstreamRefusal(r, detail);
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}

package org.altoredist.http;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.function.Supplier;
import org.altoredist.alto.DocumentType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request from the current {@link Snapshot} (alto-http.md §4): GET and HEAD of the IRD,
 * the maps and their signatures, with their media types, strong ETags and 304 for a matching
 * If-None-Match; RFC 7285 error documents for refusals; 503 with Retry-After for requests the
 * {@link Admission} shed.
 */
final class RequestHandler implements HttpHandler {

  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
  private static final String ERROR_TYPE = DocumentType.ERROR.mediaType();
  private static final String ALLOW = "GET, HEAD";
  /**
   * How much of a body sent with a GET is read and dropped before the connection is closed instead:
   * a GET has no body, so 64 KiB covers any stray one and more is not an honest client.
   */
  private static final int MAX_DRAINED_BYTES = 64 * 1024;

  private final String prefix;
  private final Supplier<Snapshot> snapshot;
  private final Supplier<byte[]> status;
  private final Counters counters;
  private final String retryAfter;

  RequestHandler(String prefix, Supplier<Snapshot> snapshot, Supplier<byte[]> status, Counters counters,
      Duration retryAfter) {
    this.prefix = prefix;
    this.snapshot = snapshot;
    this.status = status;
    this.counters = counters;
    this.retryAfter = Long.toString(Math.max(1, retryAfter.toSeconds()));
  }

  @Override
  public void handle(HttpExchange ex) throws IOException {
    try (ex) {
      if (Admission.shedding()) {
        // RFC 7285 §8.5.3: no error document, the status and Retry-After say it all.
        counters.error(503);
        ex.getResponseHeaders().set("Retry-After", retryAfter);
        finish(ex, 503, null, null);
        return;
      }
      serve(ex);
    } catch (IOException e) {
      log.debug("request {} {} from {} failed: {}", ex.getRequestMethod(), ex.getRequestURI(), ex.getRemoteAddress(),
          e.toString());
    } catch (RuntimeException e) {
      log.error("request {} {} from {} failed", ex.getRequestMethod(), ex.getRequestURI(), ex.getRemoteAddress(), e);
      counters.error(500);
    }
  }

  private void serve(HttpExchange ex) throws IOException {
    String method = ex.getRequestMethod();
    String path = ex.getRequestURI().getRawPath();
    String rel = path != null && path.startsWith(prefix) ? path.substring(prefix.length()) : null;
    Snapshot s = snapshot.get();
    Snapshot.Representation r = rel == null ? null : s.at(rel);
    Catalog.Filter filter = rel == null ? null : s.filter(rel);
    boolean statusPath = Catalog.STATUS_PATH.equals(rel);
    if (r == null && filter == null && !statusPath) {
      error(ex, 404, ErrorBodies.invalidValue("uri", String.valueOf(path)));
      return;
    }
    if (filter != null) {
      filter(ex, filter);
      return;
    }
    drain(ex);
    if (!method.equals("GET") && !method.equals("HEAD")) {
      ex.getResponseHeaders().set("Allow", ALLOW);
      error(ex, 405, ErrorBodies.invalidValue("method", method));
      return;
    }
    if (ex.getRequestURI().getRawQuery() != null) {
      error(ex, 400, ErrorBodies.syntax("a GET resource takes no input: the request has a query"));
      return;
    }
    if (statusPath) {
      finish(ex, 200, status.get(), "application/json");
      return;
    }
    Headers req = ex.getRequestHeaders();
    if (!HttpHeaders.accepts(req.getFirst("Accept"), r.mediaType())) {
      error(ex, 406, ErrorBodies.invalidValue("accept", req.getFirst("Accept")));
      return;
    }
    Counters.PerResource c = counters.of(r.key());
    (r.signature() ? c.signatureRequests : c.requests).increment();
    ex.getResponseHeaders().set("ETag", r.etag());
    // Clients revalidate every time: a map version is only as current as its server says.
    ex.getResponseHeaders().set("Cache-Control", "no-cache");
    if (HttpHeaders.noneMatchHits(req.getFirst("If-None-Match"), r.etag())) {
      if (!r.signature()) {
        c.notModified.increment();
      }
      finish(ex, 304, null, null);
      return;
    }
    if (method.equals("GET")) {
      c.bytes.add(r.bytes().length);
    }
    finish(ex, 200, r.bytes(), r.mediaType());
  }

  /** A filtered network map (RFC 7285 §11.3.1): POST of a ReqFilteredNetworkMap; unsigned, not cached. */
  private void filter(HttpExchange ex, Catalog.Filter f) throws IOException {
    Headers req = ex.getRequestHeaders();
    if (!ex.getRequestMethod().equals("POST")) {
      ex.getResponseHeaders().set("Allow", "POST");
      error(ex, 405, ErrorBodies.invalidValue("method", ex.getRequestMethod()));
      return;
    }
    if (!ServedPaths.FILTER_TYPE.equals(HttpHeaders.bareMediaType(req.getFirst("Content-Type")))) {
      error(ex, 415, ErrorBodies.invalidValue("content-type", String.valueOf(req.getFirst("Content-Type"))));
      return;
    }
    String type = DocumentType.NETWORK_MAP.mediaType();
    if (!HttpHeaders.accepts(req.getFirst("Accept"), type)) {
      error(ex, 406, ErrorBodies.invalidValue("accept", req.getFirst("Accept")));
      return;
    }
    byte[] body = ex.getRequestBody().readNBytes(NetworkMapFilter.MAX_REQUEST_BYTES + 1);
    if (body.length > NetworkMapFilter.MAX_REQUEST_BYTES) {
      error(ex, 413, ErrorBodies.syntax("request body over " + NetworkMapFilter.MAX_REQUEST_BYTES + " bytes"));
      return;
    }
    counters.of(f.resourceId()).requests.increment();
    try {
      byte[] answer = NetworkMapFilter.answer(f.networkMap(), body);
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      counters.of(f.resourceId()).bytes.add(answer.length);
      finish(ex, 200, answer, type);
    } catch (NetworkMapFilter.Refused e) {
      error(ex, 400, e.errorDocument);
    }
  }

  private void error(HttpExchange ex, int status, byte[] body) throws IOException {
    counters.error(status);
    finish(ex, status, body, ERROR_TYPE);
  }

  /** Sends the status, and the body unless it is a HEAD request (whose Content-Length is still the body's). */
  private static void finish(HttpExchange ex, int status, byte[] body, String mediaType) throws IOException {
    if (mediaType != null) {
      ex.getResponseHeaders().set("Content-Type", mediaType);
    }
    boolean head = ex.getRequestMethod().equals("HEAD");
    if (body == null || head) {
      if (body != null) {
        ex.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
      }
      Admission.answered();
      ex.sendResponseHeaders(status, -1);
      return;
    }
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(body);
      // The body's last bytes go out when the stream closes: the slot is free before the client can ask again.
      Admission.answered();
    }
  }

  /**
   * A GET takes no body; read what a client sent anyway (bounded) so the connection can be reused.
   * Only when one is announced: the JDK's TLS stream blocks on a read past an absent body.
   */
  private static void drain(HttpExchange ex) throws IOException {
    Headers h = ex.getRequestHeaders();
    if (h.getFirst("Content-Length") == null && h.getFirst("Transfer-Encoding") == null) {
      return;
    }
    InputStream in = ex.getRequestBody();
    if (in.readNBytes(MAX_DRAINED_BYTES).length >= MAX_DRAINED_BYTES && in.read() >= 0) {
      throw new IOException("request body over " + MAX_DRAINED_BYTES + " bytes on a GET resource");
    }
  }
}

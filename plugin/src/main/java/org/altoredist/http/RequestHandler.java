package org.altoredist.http;

import java.nio.ByteBuffer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.altoredist.alto.DocumentType;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one request from the current {@link Snapshot} (alto-http.md §4): GET and HEAD of the IRD,
 * the maps and their signatures, with their media types, strong ETags and 304 for a matching
 * If-None-Match; RFC 7285 error documents for refusals; 503 with Retry-After beyond what
 * {@link Admission} admits. Non-blocking: an answer is handed to the connection whole and written
 * without a thread, and a filter request's body is read as it arrives.
 */
final class RequestHandler extends Handler.Abstract.NonBlocking {

  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);
  private static final String ERROR_TYPE = DocumentType.ERROR.mediaType();
  private static final String ALLOW = "GET, HEAD";
  /**
   * The methods of RFC 9110 §9 and PATCH (RFC 5789). Any other is one this server does not
   * implement at all, 501 (§9.1), rather than one a resource does not allow, 405.
   */
  private static final Set<String> KNOWN_METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

  private final String prefix;
  private final Supplier<Snapshot> snapshot;
  private final Map<String, Own> own;
  private final Counters counters;
  private final ClientTally tally;
  private final String retryAfter;
  private final Admission admission;
  private final HeadDeadline deadline;

  /** One of the server's own documents (status, metrics): not an ALTO resource, made per request. */
  record Own(String mediaType, Supplier<byte[]> body) {}

  RequestHandler(String prefix, Supplier<Snapshot> snapshot, Map<String, Own> own, Counters counters, ClientTally tally,
      Duration retryAfter, Admission admission, HeadDeadline deadline) {
    this.prefix = prefix;
    this.snapshot = snapshot;
    this.own = Map.copyOf(own);
    this.counters = counters;
    this.tally = tally;
    this.retryAfter = Long.toString(Math.max(1, retryAfter.toSeconds()));
    this.admission = admission;
    this.deadline = deadline;
  }

  @Override
  public boolean handle(Request req, Response resp, Callback callback) {
    Connection connection = req.getConnectionMetaData().getConnection();
    deadline.requestStarted(connection);
    Callback done = Callback.from(callback, () -> deadline.answered(connection));
    admitted(req, resp, done, cb -> serve(req, resp, cb, done));
    return true;
  }

  /**
   * Does {@code work} with a callback that also leaves {@link Admission}, or answers 503 at once
   * when nothing more is admitted. {@code done} completes the exchange without admission.
   */
  private void admitted(Request req, Response resp, Callback done, Consumer<Admitted> work) {
    if (!admission.enter()) {
      // RFC 7285 §8.5.3: no error document, the status and Retry-After say it all.
      counters.error(503);
      resp.getHeaders().put("Retry-After", retryAfter);
      finish(req, resp, done, 503, null, null);
      return;
    }
    Admitted admitted = new Admitted(done);
    try {
      work.accept(admitted);
    } catch (RuntimeException e) {
      log.error("request {} {} from {} failed", req.getMethod(), req.getHttpURI(), Request.getRemoteAddr(req), e);
      counters.error(500);
      admitted.failed(e);
    }
  }

  private void serve(Request req, Response resp, Admitted cb, Callback done) {
    String method = req.getMethod();
    if (!KNOWN_METHODS.contains(method)) {
      error(req, resp, cb, 501, ErrorBodies.invalidValue("method", method));
      return;
    }
    String path = req.getHttpURI().getPath();
    String rel = path != null && path.startsWith(prefix) ? path.substring(prefix.length()) : null;
    Snapshot s = snapshot.get();
    Snapshot.Representation r = rel == null ? null : s.at(rel);
    Catalog.Filter filter = rel == null ? null : s.filter(rel);
    Own ownDocument = rel == null ? null : own.get(rel);
    if (r == null && filter == null && ownDocument == null) {
      error(req, resp, cb, 404, ErrorBodies.invalidValue("uri", String.valueOf(path)));
      return;
    }
    if (filter != null) {
      filter(req, resp, cb, done, filter);
      return;
    }
    if (!method.equals("GET") && !method.equals("HEAD")) {
      resp.getHeaders().put("Allow", ALLOW);
      error(req, resp, cb, 405, ErrorBodies.invalidValue("method", method));
      return;
    }
    if (req.getHttpURI().getQuery() != null) {
      error(req, resp, cb, 400, ErrorBodies.syntax("a GET resource takes no input: the request has a query"));
      return;
    }
    if (ownDocument != null) {
      finish(req, resp, cb, 200, ownDocument.body().get(), ownDocument.mediaType());
      return;
    }
    HttpFields headers = req.getHeaders();
    String accept = HttpHeaders.combined(headers, "Accept");
    if (!HttpHeaders.accepts(accept, r.mediaType())) {
      error(req, resp, cb, 406, ErrorBodies.invalidValue("accept", accept));
      return;
    }
    Counters.PerResource c = counters.of(r.key());
    (switch (r.part()) {
      case BODY -> c.requests;
      case SIGNATURE -> c.signatureRequests;
      case DELTA -> c.deltaRequests;
    }).increment();
    // A delta fetched is a version fetched from the server, as a body is.
    if (!r.signature() && req.getConnectionMetaData().getRemoteSocketAddress() instanceof InetSocketAddress a) {
      tally.saw(r.key(), r.etag(), a.getAddress());
    }
    resp.getHeaders().put("ETag", r.etag());
    // Clients revalidate every time: a map version is only as current as its server says.
    resp.getHeaders().put("Cache-Control", "no-cache");
    // RFC 9110 §13.2.2: If-Match first; a GET that fails it is answered 412, not the body.
    String ifMatch = HttpHeaders.combined(headers, "If-Match");
    if (HttpHeaders.matchFails(ifMatch, r.etag())) {
      error(req, resp, cb, 412, ErrorBodies.invalidValue("if-match", ifMatch));
      return;
    }
    if (HttpHeaders.noneMatchHits(HttpHeaders.combined(headers, "If-None-Match"), r.etag())) {
      if (r.part() == Snapshot.Part.BODY) {
        c.notModified.increment();
      }
      // RFC 9110 §8.6: a 304's Content-Length, if any, is the 200's (Jetty would write 0 otherwise).
      resp.setStatus(304);
      resp.getHeaders().put("Content-Length", r.bytes().length);
      resp.write(true, null, cb);
      return;
    }
    if (method.equals("GET")) {
      c.bytes.add(r.bytes().length);
    }
    finish(req, resp, cb, 200, r.bytes(), r.mediaType());
  }

  /**
   * A filtered network map (RFC 7285 §11.3.1): POST of a ReqFilteredNetworkMap; unsigned, not
   * cached. {@code cb} is admitted; {@code done} is the same exchange outside admission.
   */
  private void filter(Request req, Response resp, Admitted cb, Callback done, Catalog.Filter f) {
    HttpFields headers = req.getHeaders();
    if (!req.getMethod().equals("POST")) {
      resp.getHeaders().put("Allow", "POST");
      error(req, resp, cb, 405, ErrorBodies.invalidValue("method", req.getMethod()));
      return;
    }
    if (!ServedPaths.FILTER_TYPE.equals(HttpHeaders.bareMediaType(headers.get("Content-Type")))) {
      error(req, resp, cb, 415, ErrorBodies.invalidValue("content-type", String.valueOf(headers.get("Content-Type"))));
      return;
    }
    String type = DocumentType.NETWORK_MAP.mediaType();
    String accept = HttpHeaders.combined(headers, "Accept");
    if (!HttpHeaders.accepts(accept, type)) {
      error(req, resp, cb, 406, ErrorBodies.invalidValue("accept", accept));
      return;
    }
    byte[] tooLarge = ErrorBodies.syntax("request body over " + NetworkMapFilter.MAX_REQUEST_BYTES + " bytes");
    if (req.getLength() > NetworkMapFilter.MAX_REQUEST_BYTES) {
      error(req, resp, cb, 413, tooLarge);
      return;
    }
    // The body arrives as a head does (alto-http.md §4.4): without a thread, due within the
    // deadline, and outside admission, so that bodies trickled by slow clients cannot fill it; the
    // request is admitted again once its body is in. cb is not completed: done answers instead.
    Connection connection = req.getConnectionMetaData().getConnection();
    cb.leave();
    deadline.bodyExpected(connection);
    Content.Source.asByteArrayAsync(req, NetworkMapFilter.MAX_REQUEST_BYTES).whenComplete((body, failure) -> {
      deadline.requestStarted(connection);
      if (failure != null) {
        // Over the limit, late, or the client went away: either way nothing more is read from it.
        error(req, resp, done, 413, tooLarge);
        return;
      }
      admitted(req, resp, done, again -> answer(req, resp, again, f, body));
    });
  }

  private void answer(Request req, Response resp, Callback cb, Catalog.Filter f, byte[] body) {
    counters.of(f.resourceId()).requests.increment();
    try {
      byte[] answer = NetworkMapFilter.answer(f.networkMap(), body);
      resp.getHeaders().put("Cache-Control", "no-store");
      counters.of(f.resourceId()).bytes.add(answer.length);
      finish(req, resp, cb, 200, answer, DocumentType.NETWORK_MAP.mediaType());
    } catch (NetworkMapFilter.Refused e) {
      error(req, resp, cb, 400, e.errorDocument);
    }
  }

  private void error(Request req, Response resp, Callback cb, int status, byte[] body) {
    counters.error(status);
    // A 404 or 405 is cacheable by default (RFC 9111 §4.2.2): a proxy must not go on answering
    // 404 for a map published a minute later.
    resp.getHeaders().put("Cache-Control", "no-cache");
    finish(req, resp, cb, status, body, ERROR_TYPE);
  }

  /** Sends the status, and the body unless it is a HEAD request (whose Content-Length is still the body's). */
  private static void finish(Request req, Response resp, Callback cb, int status, byte[] body, String mediaType) {
    resp.setStatus(status);
    if (mediaType != null) {
      resp.getHeaders().put("Content-Type", mediaType);
    }
    if (body == null) {
      resp.getHeaders().put("Content-Length", 0);
      resp.write(true, null, cb);
      return;
    }
    resp.getHeaders().put("Content-Length", body.length);
    resp.write(true, req.getMethod().equals("HEAD") ? null : ByteBuffer.wrap(body), cb);
  }

  /** An admitted exchange's callback: it leaves {@link Admission} once, on completion or at {@link #leave}. */
  private final class Admitted extends Callback.Nested {

    private final AtomicBoolean left = new AtomicBoolean();

    Admitted(Callback done) {
      super(done);
    }

    void leave() {
      if (left.compareAndSet(false, true)) {
        admission.exit();
      }
    }

    @Override
    public void succeeded() {
      leave();
      super.succeeded();
    }

    @Override
    public void failed(Throwable x) {
      leave();
      super.failed(x);
    }
  }
}

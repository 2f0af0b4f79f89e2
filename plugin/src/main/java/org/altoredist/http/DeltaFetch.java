package org.altoredist.http;

import java.net.URI;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.altoredist.trust.DeltaBundle;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.VerificationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client's side of alto-http.md §4.10: once a resource's signature has changed, the new body
 * is rebuilt from the delta bundle from the version held, when the server has one, instead of
 * being downloaded whole. Whatever goes wrong with a delta (none from this base, a stale one, bytes
 * that do not rebuild the signed version) only sends the client to the full body; the rebuilt body
 * is then verified with the new signature like a downloaded one. Confined to its {@link AltoClient}.
 */
final class DeltaFetch {

  private static final Logger log = LoggerFactory.getLogger(DeltaFetch.class);

  private final HttpFetcher fetcher;
  /** Bodies last obtained from a delta: their validator is not the server's, so a 304 on the signature stands for them. */
  private final Set<URI> rebuilt = new HashSet<>();

  DeltaFetch(HttpFetcher fetcher) {
    this.fetcher = fetcher;
  }

  /**
   * The body at {@code bodyUri} for the signature {@code sig} without downloading it whole, or
   * null when it has to be: no {@code base} held, or no usable delta.
   */
  HttpFetcher.Fetched body(URI bodyUri, HttpFetcher.Fetched sig, SignedBundle base) throws AltoClientException {
    if (base == null || bodyUri.getRawQuery() != null || bodyUri.getRawFragment() != null) {
      return null;
    }
    if (sig.notModified()) {
      // The same signature signs the same body: the one held, if a delta gave it (a static server's
      // ETag for it is unknown, so a conditional GET would send it whole).
      return rebuilt.contains(bodyUri) && Arrays.equals(base.signature(), sig.bytes())
          ? new HttpFetcher.Fetched(base.body(), null, null, true) : null;
    }
    URI at = URI.create(bodyUri + DeltaHistory.PATH_SUFFIX + HexFormat.of().formatHex(DeltaBundle.handleOf(base)));
    HttpFetcher.Fetched d;
    try {
      d = fetcher.get(at, DeltaHistory.MEDIA_TYPE, null, DeltaBundle.MAX_DELTA_BYTES);
    } catch (AltoClientException e) {
      if (e.failure() == AltoClientException.Failure.HTTP_ERROR
          || e.failure() == AltoClientException.Failure.WRONG_CONTENT_TYPE) {
        // 404: no delta from this base (too old, or a server without deltas). Fetch it whole.
        return null;
      }
      throw e;
    }
    try {
      DeltaBundle delta = DeltaBundle.parse(d.bytes());
      if (!Arrays.equals(delta.signature(), sig.bytes())) {
        log.info("delta {} leads to another version than the signature just fetched; fetching the body whole", at);
        return null;
      }
      SignedBundle target = delta.rebuild(base);
      rebuilt.add(bodyUri);
      // The ETag serve would give these bytes (alto-http.md §4.2), so a conditional GET to serve still works.
      return new HttpFetcher.Fetched(target.body(), Snapshot.etag(target.body()), null, false);
    } catch (VerificationException e) {
      log.warn("delta {} refused ({}: {}); fetching the body whole", at, e.reason(), e.getMessage());
      return null;
    }
  }
}

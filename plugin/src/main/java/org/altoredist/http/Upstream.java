package org.altoredist.http;

import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The existing, unsigned RFC 7285 server a signing gateway stands in front of (alto-http.md §3.5).
 *
 * @param directory the URI of its root IRD (http or https)
 * @param timeout how long one request to it may take, head and body together
 * @param tlsAnchors for an https upstream with a private CA: the CA certificates its TLS certificate
 *     chains to (empty: the JDK's default trust store)
 */
public record Upstream(URI directory, Duration timeout, List<X509Certificate> tlsAnchors) {

  /**
   * Default per-request timeout. An ALTO server answers a conditional GET at once and a 20 MB map
   * in well under a second on a data-centre link; 10 s leaves room for a busy upstream and still
   * ends a poll of a handful of resources within the default 30 s poll interval.
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

  public Upstream {
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(timeout, "timeout");
    tlsAnchors = List.copyOf(tlsAnchors);
    String scheme = directory.getScheme() == null ? "" : directory.getScheme().toLowerCase(Locale.ROOT);
    if (!(scheme.equals("http") || scheme.equals("https")) || directory.getHost() == null
        || directory.getRawFragment() != null) {
      throw new IllegalArgumentException("the upstream IRD is an absolute http or https URI with a host: " + directory);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("upstream timeout " + timeout);
    }
  }

  public static Upstream of(URI directory) {
    return new Upstream(directory, DEFAULT_TIMEOUT, List.of());
  }
}

package org.altoredist.http;

import java.net.URI;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.TrustPolicy;

/**
 * What an operator states about the signed ALTO service that {@link AltoServer} serves and
 * {@link StaticSite} publishes (alto-http.md §3): where the map files are, the service identity,
 * the signing credentials, where sequences are kept, and how long a signature lasts.
 *
 * @param maps the directory of map files, or null for the bundled loopback examples (or an upstream)
 * @param stateDir where sequences (and a generated demo PKI) persist across restarts
 * @param service the service identity: the URI of its root IRD, as clients are configured with it
 * @param key the signing key, or null to use (and create if needed) a demo PKI in the state dir
 * @param chain the signer certificate and its intermediates, when {@code key} is given
 * @param lifetime how long after signing a signature may be used; it is renewed at half-life
 * @param scope who may receive the signed maps from peers
 * @param clock the clock signing times, validity and sequence floors are read from
 * @param upstream an unsigned ALTO server whose maps are mirrored and signed instead of map files
 *     (a signing gateway, alto-http.md §3.5), or null
 */
public record ServiceConfig(Path maps, Path stateDir, URI service, PrivateKey key, List<X509Certificate> chain,
    Duration lifetime, RedistributionScope scope, Clock clock, Upstream upstream) {

  /**
   * Default signature lifetime. A day bounds how long a withdrawn map keeps circulating among peers
   * (the descriptor's expiry is the only revocation, signed-resources.md §3.4), while renewal at
   * half-life costs one small signature download per client per twelve hours.
   */
  public static final Duration DEFAULT_LIFETIME = Duration.ofDays(1);

  /** Shortest lifetime: a signature must outlive the default two-minute clock skew many times. */
  public static final Duration MIN_LIFETIME = Duration.ofMinutes(10);

  public ServiceConfig {
    Objects.requireNonNull(stateDir, "stateDir");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(lifetime, "lifetime");
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(clock, "clock");
    if ((key != null) != (chain != null && !chain.isEmpty())) {
      throw new IllegalArgumentException("give a signing key and its certificate chain together, or neither");
    }
    chain = chain == null ? List.of() : List.copyOf(chain);
    if (lifetime.compareTo(MIN_LIFETIME) < 0) {
      throw new IllegalArgumentException("a signature lifetime of " + lifetime + " is shorter than " + MIN_LIFETIME);
    }
    if (maps != null && upstream != null) {
      throw new IllegalArgumentException("sign either map files or an upstream server's maps, not both");
    }
    // The descriptor's rules for a service identity (signed-resources.md §2.2), checked up front.
    TrustPolicy.forService(service.toString());
  }

  /** A configuration with the defaults: bundled or given maps, demo PKI, one-day lifetime, scope service. */
  public static ServiceConfig of(Path maps, Path stateDir, URI service) {
    return new ServiceConfig(maps, stateDir, service, null, null, DEFAULT_LIFETIME, RedistributionScope.SERVICE,
        Clock.systemUTC(), null);
  }

  public ServiceConfig withSigner(PrivateKey signingKey, List<X509Certificate> signerChain) {
    return new ServiceConfig(maps, stateDir, service, signingKey, signerChain, lifetime, scope, clock, upstream);
  }

  public ServiceConfig withLifetime(Duration d) {
    return new ServiceConfig(maps, stateDir, service, key, chain, d, scope, clock, upstream);
  }

  public ServiceConfig withScope(RedistributionScope s) {
    return new ServiceConfig(maps, stateDir, service, key, chain, lifetime, s, clock, upstream);
  }

  /** Mirror and sign this upstream server's maps (the map directory must be null). */
  public ServiceConfig withUpstream(Upstream u) {
    return new ServiceConfig(maps, stateDir, service, key, chain, lifetime, scope, clock, u);
  }

  public ServiceConfig withClock(Clock c) {
    return new ServiceConfig(maps, stateDir, service, key, chain, lifetime, scope, c, upstream);
  }
}

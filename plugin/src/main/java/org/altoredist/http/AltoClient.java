package org.altoredist.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.NetworkMap;
import org.altoredist.http.AltoClientException.Failure;
import org.altoredist.trust.Expectation;
import org.altoredist.trust.Limits;
import org.altoredist.trust.RedistributionScope;
import org.altoredist.trust.ResourceVerifier;
import org.altoredist.trust.SignedBundle;
import org.altoredist.trust.TrustPolicy;
import org.altoredist.trust.VerificationException;
import org.altoredist.trust.VerifiedResource;

/**
 * An ALTO client for signed ALTO services (alto-http.md §5): discovers resources through the
 * verified root IRD, fetches each body and its detached signature (conditionally, with retries),
 * verifies them with the trust part, and hands out only {@link VerifiedResource}s whose server
 * allows redistribution. It is the redistribution engine's "server fallback":
 *
 * <pre>{@code
 * AltoClient c = AltoClient.builder(policy).build();
 * VerifiedResource nm = c.fetch("my-default-network-map");   // or c.maps() for the default set
 * byte[] bundle = nm.bundle().encoded();                      // what peers receive
 * }</pre>
 *
 * <p>It remembers the last verified version of each resource: later fetches revalidate with
 * If-None-Match and refuse a lower sequence ({@code STALE_SEQUENCE}). Thread-safe; calls are
 * serialised, since each may revalidate the IRD and a cost map's network map first.
 */
public final class AltoClient {

  /**
   * Largest root IRD read. RFC 7285 sets no limit; IRDs list tens of resources in a few KiB, and
   * the IRD is read (for its signature's location) before it is verified, so it gets a small cap.
   */
  public static final int MAX_DIRECTORY_BYTES = 1024 * 1024;

  private final TrustPolicy policy;
  private final URI location;
  private final ResourceVerifier verifier;
  private final HttpFetcher fetcher;
  private final DeltaFetch deltas;
  private final Map<URI, HttpFetcher.Held> held = new HashMap<>();
  private final Map<String, VerifiedResource> verified = new HashMap<>();
  private final Map<String, java.time.Instant> verifiedAt = new HashMap<>();
  private final Duration reuse;
  private final Clock clock;
  private VerifiedResource directory;
  /** The caller's held bundles during one {@link #fetch(String, Map)}, by resource ID. */
  private Map<String, SignedBundle> callerBases = Map.of();

  private AltoClient(Builder b) {
    this.policy = b.policy;
    this.location = b.location == null ? URI.create(b.policy.service()) : b.location;
    this.verifier = new ResourceVerifier(b.policy);
    HttpClient http = b.http != null ? b.http : HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(b.timeout).followRedirects(HttpClient.Redirect.NORMAL)
        .sslContext(b.sslContext == null ? defaultTls() : b.sslContext).build();
    this.fetcher = new HttpFetcher(http, b.retry, b.random, b.sleeper, b.clock, b.timeout);
    this.deltas = new DeltaFetch(fetcher);
    this.reuse = b.reuse;
    this.clock = b.clock;
  }

  /** A client for the service {@code policy} names; by default it fetches the IRD from that URI. */
  public static Builder builder(TrustPolicy policy) {
    return new Builder(policy);
  }

  /** The verified root IRD, revalidated with the server. */
  public synchronized VerifiedResource directory() throws AltoClientException {
    String sigRef = directory == null ? null : signatureRef(directory.document(), null);
    HttpFetcher.Fetched body = fetcher.get(location, DocumentType.DIRECTORY.mediaType(), held.get(location),
        MAX_DIRECTORY_BYTES);
    if (sigRef == null) {
      // First contact: the IRD's own meta says where its signature is. Nothing else is read from
      // the unverified bytes, and the signature is checked over them before they are used.
      sigRef = unverifiedSignatureRef(body.bytes());
    }
    Expectation x = Expectation.fromOrigin(null).withMediaType(DocumentType.DIRECTORY.mediaType())
        .withRequest(policy.service()).withHeldSequence(heldSequence(""));
    directory = verifyPair(location, body, location.resolve(sigRef), DocumentType.DIRECTORY.mediaType(), x, null);
    verified.put("", directory);
    verifiedAt.put("", clock.instant());
    return directory;
  }

  /**
   * The verified, redistributable resource {@code resourceId} of the IRD (a cost map is checked
   * against its network map, which is fetched first).
   */
  public synchronized VerifiedResource fetch(String resourceId) throws AltoClientException {
    return fetch(resourceId, Map.of());
  }

  /**
   * As {@link #fetch(String)}, for a caller that holds verified bundles of this service's resources
   * ({@code held}, by resource ID: a redistribution engine's, from peers or its store): when the
   * server has a new version of this resource, or of the network map a cost map depends on, it comes
   * as the delta from the held bundle if the server offers one (alto-http.md §4.10), else whole. A
   * held bundle only ever serves as a delta's base; what is returned is verified as always.
   */
  public synchronized VerifiedResource fetch(String resourceId, Map<String, SignedBundle> held)
      throws AltoClientException {
    VerifiedResource ird = recent("") ? directory : directory();
    callerBases = Map.copyOf(held);
    try {
      return fetch(resourceId, (InfoResourceDirectory) ird.document(), new HashMap<>());
    } finally {
      callerBases = Map.of();
    }
  }

  /** Whether {@code key} ("" for the IRD) was verified within the reuse window. */
  private boolean recent(String key) {
    java.time.Instant at = verifiedAt.get(key);
    return at != null && !reuse.isZero() && clock.instant().isBefore(at.plus(reuse));
  }

  /** The default network map and every cost map that uses it: what a peer ranks with. */
  public synchronized ServiceMaps maps() throws AltoClientException {
    InfoResourceDirectory ird = (InfoResourceDirectory) directory().document();
    Map<String, VerifiedResource> round = new HashMap<>();
    VerifiedResource nm = fetch(ird.defaultNetworkMap(), ird, round);
    List<VerifiedResource> costs = new ArrayList<>();
    for (InfoResourceDirectory.Entry e : ird.resources().values()) {
      if (e.documentType() == DocumentType.COST_MAP && e.isGet() && e.uses().contains(ird.defaultNetworkMap())) {
        costs.add(fetch(e.id(), ird, round));
      }
    }
    return new ServiceMaps(directory, nm, costs);
  }

  /** A verified root IRD, its default network map and the cost maps over it. */
  public record ServiceMaps(VerifiedResource directory, VerifiedResource networkMap, List<VerifiedResource> costMaps) {
    public ServiceMaps {
      costMaps = List.copyOf(costMaps);
    }
  }

  /** Fetches one resource; {@code round} holds what this call already fetched (a cost map's network map). */
  private VerifiedResource fetch(String id, InfoResourceDirectory ird, Map<String, VerifiedResource> round)
      throws AltoClientException {
    VerifiedResource done = round.get(id);
    if (done != null) {
      return done;
    }
    InfoResourceDirectory.Entry e = ird.resource(id);
    if (e == null || !e.isGet()) {
      throw new AltoClientException(Failure.NO_SUCH_RESOURCE, policy.service() + " has no GET resource " + id);
    }
    String sigRef = signatureRef(ird, e);
    if (sigRef == null) {
      throw new AltoClientException(Failure.NOT_SIGNED, id + ": the IRD names no " + Stamp.CAPABILITY);
    }
    Expectation x = Expectation.fromOrigin(id).withMediaType(e.mediaType())
        .withRequest(e.resolve(URI.create(policy.service())).toString()).withHeldSequence(heldSequence(id));
    boolean reusedNm = false;
    String nmId = null;
    if (e.documentType() == DocumentType.COST_MAP) {
      nmId = e.uses().stream().filter(u -> ird.resource(u) != null
          && ird.resource(u).documentType() == DocumentType.NETWORK_MAP).findFirst().orElse(null);
      if (nmId != null) {
        reusedNm = recent(nmId) && !round.containsKey(nmId);
        VerifiedResource nm = reusedNm ? verified.get(nmId) : fetch(nmId, ird, round);
        x = x.dependingOn(((NetworkMap) nm.document()).vtag());
      }
    }
    URI body = e.resolve(location);
    VerifiedResource before = verified.get(id);
    SignedBundle base = before == null ? null : before.bundle();
    // The caller's copy first: an engine installs what this client returns, and newer versions from peers.
    base = callerBases.getOrDefault(id, base);
    VerifiedResource v;
    try {
      v = verifyPair(body, null, location.resolve(sigRef), e.mediaType(), x, base);
    } catch (AltoClientException refused) {
      if (!reusedNm || refused.verificationReason() != VerificationException.Reason.DEPENDENT_VTAG_MISMATCH) {
        throw refused;
      }
      // The network map reused from a moment ago has been superseded: the cost map names the new
      // one. Fetch it, and check the same cost map again (its bytes are revalidated, not resent).
      VerifiedResource nm = fetch(nmId, ird, round);
      v = verifyPair(body, null, location.resolve(sigRef), e.mediaType(),
          x.dependingOn(((NetworkMap) nm.document()).vtag()), base);
    }
    if (v.descriptor().scope().kind() == RedistributionScope.Kind.NONE) {
      throw new AltoClientException(Failure.NOT_REDISTRIBUTABLE, id + " is marked not redistributable by "
          + policy.service());
    }
    verified.put(id, v);
    verifiedAt.put(id, clock.instant());
    round.put(id, v);
    return v;
  }

  /**
   * Fetches (unless given) the body and its signature and verifies them. The two are separate GETs,
   * so an update can fall between them: a digest mismatch is retried once with both fetched anew.
   * When the signature is new and {@code base}, the version held, is given, the body comes from the
   * delta from it ({@link DeltaFetch}) if the server has one.
   */
  private VerifiedResource verifyPair(URI bodyUri, HttpFetcher.Fetched body, URI sigUri, String mediaType,
      Expectation x, SignedBundle base) throws AltoClientException {
    for (int round = 0; ; round++) {
      HttpFetcher.Fetched sig = fetcher.get(sigUri, Snapshot.SIGNATURE_MEDIA_TYPE, held.get(sigUri),
          Limits.MAX_SIGNATURE_BYTES);
      HttpFetcher.Fetched b = body;
      if (b == null) {
        b = deltas.body(bodyUri, sig, base);
      }
      boolean fromDelta = b != null && body == null;
      if (b == null) {
        b = fetcher.get(bodyUri, mediaType, held.get(bodyUri), Limits.MAX_BODY_BYTES);
      }
      try {
        VerifiedResource v = verifier.verifyDetached(b.bytes(), sig.bytes(), x);
        held.put(bodyUri, b.held());
        held.put(sigUri, sig.held());
        return v;
      } catch (VerificationException e) {
        if (e.reason() == VerificationException.Reason.DEPENDENT_VTAG_MISMATCH) {
          // The bytes are sound; what they were checked against was not current. Kept, so that a
          // check against the current network map revalidates them rather than downloading them again.
          held.put(bodyUri, b.held());
          held.put(sigUri, sig.held());
        }
        if (round > 0 || e.reason() != VerificationException.Reason.DIGEST_MISMATCH) {
          throw AltoClientException.refused(bodyUri.toString(), e);
        }
        held.remove(bodyUri);
        held.remove(sigUri);
        if (fromDelta) {
          // The server's delta rebuilt bytes its signature does not cover: try its body instead.
          base = null;
        }
        body = body == null ? null : fetcher.get(bodyUri, mediaType, null, MAX_DIRECTORY_BYTES);
      }
    }
  }

  private long heldSequence(String key) {
    VerifiedResource v = verified.get(key);
    return v == null ? Expectation.NO_SEQUENCE : v.descriptor().sequence();
  }

  /** The signature reference of an entry (or, for null, of the IRD itself) in a verified IRD. */
  private static String signatureRef(Object irdDocument, InfoResourceDirectory.Entry e) {
    InfoResourceDirectory ird = (InfoResourceDirectory) irdDocument;
    JsonNode n = e == null ? ird.meta().get(Stamp.CAPABILITY) : e.capabilities().get(Stamp.CAPABILITY);
    return n != null && n.isTextual() ? n.textValue() : null;
  }

  private static String unverifiedSignatureRef(byte[] ird) throws AltoClientException {
    try {
      JsonNode n = MetaSplice.MAPPER.readTree(ird).path("meta").get(Stamp.CAPABILITY);
      if (n != null && n.isTextual()) {
        return n.textValue();
      }
    } catch (IOException | RuntimeException e) {
      throw new AltoClientException(Failure.REFUSED, "the IRD is not JSON: " + e.getMessage());
    }
    throw new AltoClientException(Failure.NOT_SIGNED, "the IRD's meta names no " + Stamp.CAPABILITY);
  }

  private static javax.net.ssl.SSLContext defaultTls() {
    try {
      return javax.net.ssl.SSLContext.getDefault();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK has a default TLS context", e);
    }
  }

  /** Collects a client's settings. */
  public static final class Builder {
    private final TrustPolicy policy;
    private URI location;
    private HttpClient http;
    private javax.net.ssl.SSLContext sslContext;
    private RetryPolicy retry = RetryPolicy.DEFAULT;
    private RandomGenerator random = RandomGenerator.getDefault();
    private RetryPolicy.Sleeper sleeper = RetryPolicy.Sleeper.SYSTEM;
    private Clock clock = Clock.systemUTC();
    private Duration reuse = Duration.ZERO;
    private Duration timeout = Duration.ofSeconds(30);

    private Builder(TrustPolicy policy) {
      this.policy = Objects.requireNonNull(policy, "policy");
    }

    /**
     * Where to GET the root IRD when it is not at the service URI itself: a mirror, a CDN, a
     * server behind a path prefix. Signatures still name the service URI.
     */
    public Builder directoryLocation(URI uri) {
      this.location = uri;
      return this;
    }

    /** TLS trusts these CA certificates only (e.g. a demo CA) instead of the JDK's. */
    public Builder tlsAnchors(List<X509Certificate> anchors) {
      try {
        this.sslContext = Credentials.trusting(anchors);
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException("unusable TLS anchors: " + e.getMessage(), e);
      }
      return this;
    }

    /** A ready HttpClient (its TLS and redirect settings are then its own). */
    public Builder httpClient(HttpClient client) {
      this.http = client;
      return this;
    }

    public Builder retry(RetryPolicy p) {
      this.retry = Objects.requireNonNull(p);
      return this;
    }

    /** The jitter's random source; tests fix it. */
    public Builder random(RandomGenerator r) {
      this.random = Objects.requireNonNull(r);
      return this;
    }

    /** How the client waits between attempts; tests record the waits. */
    public Builder sleeper(RetryPolicy.Sleeper s) {
      this.sleeper = Objects.requireNonNull(s);
      return this;
    }

    /**
     * How long the IRD and a cost map's network map, once verified, serve the next fetch without
     * asking the server again (default zero: always revalidate). An engine fetching a service's
     * maps one by one sets a few seconds, so each map version costs the server one request, not
     * one plus an IRD revalidation per map.
     */
    public Builder reuse(Duration d) {
      this.reuse = Objects.requireNonNull(d);
      return this;
    }

    /** The clock an HTTP-date Retry-After is measured from. */
    public Builder clock(Clock c) {
      this.clock = Objects.requireNonNull(c);
      return this;
    }

    /** Connect and per-request timeout (default 30 s). */
    public Builder timeout(Duration d) {
      this.timeout = Objects.requireNonNull(d);
      return this;
    }

    public AltoClient build() {
      return new AltoClient(this);
    }
  }
}

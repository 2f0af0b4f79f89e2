package org.altoredist.http;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.altoredist.trust.Descriptor;
import org.altoredist.trust.Descriptors;
import org.altoredist.trust.ResourceSigner;
import org.altoredist.trust.SignedBundle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signed state of one ALTO service: builds a {@link Catalog} from the operator's files or an
 * upstream server ({@link CatalogSource}), signs
 * what changed (or what reached half its lifetime) under fresh sequences, and holds the current
 * {@link Snapshot}. {@link AltoServer} serves it; {@link StaticSite} writes it out as files.
 */
final class Publication {

  private static final Logger log = LoggerFactory.getLogger(Publication.class);

  private final ServiceConfig config;
  private final String service;
  private final CatalogSource source;
  private final SequenceStore sequences;
  private final Credentials credentials;
  private final ResourceSigner signer;
  private final DeltaHistory history;
  private volatile Snapshot current;
  private volatile List<Rejection> rejections = List.of();
  /** Versions signed per resource key since start: new content and renewals, each under a new sequence. */
  private final Map<String, java.util.concurrent.atomic.LongAdder> published = new java.util.concurrent.ConcurrentHashMap<>();

  Publication(ServiceConfig config) throws IOException {
    this.config = config;
    this.service = config.service().toString();
    this.source = config.upstream() != null ? new UpstreamMirror(config.upstream(), config.clock())
        : CatalogSource.files(config);
    this.sequences = new SequenceStore(config.stateDir(), config.clock());
    this.credentials = Credentials.of(config);
    this.signer = new ResourceSigner(credentials.key(), credentials.chain());
    this.history = new DeltaHistory(config.stateDir(), service);
  }

  ServiceConfig config() {
    return config;
  }

  /** How current the upstream is, when the bodies come from one; else null. */
  UpstreamStatus upstreamStatus() {
    return source.upstreamStatus();
  }

  Credentials credentials() {
    return credentials;
  }

  /** The snapshot in service; null before the first successful {@link #rebuild}. */
  Snapshot current() {
    return current;
  }

  /** Versions signed since start, by resource key ("" for the root IRD). */
  Map<String, Long> versionsPublished() {
    Map<String, Long> out = new java.util.TreeMap<>();
    published.forEach((k, v) -> out.put(k, v.sum()));
    return out;
  }

  /** The files refused by the latest build. */
  List<Rejection> rejections() {
    return rejections;
  }

  /**
   * Reads the files again and publishes what changed. Returns the snapshot now in service.
   *
   * @throws IOException if the files cannot be listed, sequences cannot be persisted, or there has
   *     never been a servable catalog (the reasons are in {@link #rejections()})
   */
  synchronized Snapshot rebuild() throws IOException {
    CatalogBuilder.Outcome o = source.build();
    rejections = List.copyOf(o.rejected());
    if (o.catalog() == null) {
      if (current == null) {
        throw new NothingToServeException(o.rejected());
      }
      return current;
    }
    Instant now = config.clock().instant().truncatedTo(ChronoUnit.SECONDS);
    List<Catalog.Body> all = new ArrayList<>();
    all.add(o.catalog().directory());
    all.addAll(o.catalog().resources().values());
    Map<String, Snapshot.Signed> next = new LinkedHashMap<>();
    List<Catalog.Body> toSign = new ArrayList<>();
    for (Catalog.Body b : all) {
      Snapshot.Signed prev = current == null ? null : current.resources().get(b.key());
      if (prev != null && reusable(prev, b, now)) {
        next.put(b.key(), prev);
      } else {
        next.put(b.key(), null);
        toSign.add(b);
      }
    }
    if (toSign.isEmpty() && current != null && next.keySet().equals(current.resources().keySet())
        && o.catalog().filters().keySet().equals(current.filterPaths())) {
      return current;
    }
    long[] seq = sequences.next(service, toSign.stream().map(Catalog.Body::key).toList());
    for (int i = 0; i < toSign.size(); i++) {
      Catalog.Body b = toSign.get(i);
      Descriptor d = Descriptors.fromDirectory(service, o.catalog().ird(), b.resourceId(), b.bytes(), seq[i], now,
          now.plus(config.lifetime()), config.scope());
      byte[] sig = signer.signDetached(b.bytes(), d, now);
      // The root IRD is a few KiB and read before anything else: deltas are for the maps.
      Map<String, byte[]> deltas = b.resourceId() == null ? Map.of()
          : history.publish(b.key(), seq[i], SignedBundle.of(sig, b.bytes()));
      next.put(b.key(), new Snapshot.Signed(b, sig, d, deltas));
      published.computeIfAbsent(b.key(), k -> new java.util.concurrent.atomic.LongAdder()).increment();
      log.info("published {} (from {}) at {} as sequence {}{}", b.resourceId() == null ? "the root IRD" : b.resourceId(),
          b.file(), b.path(), seq[i], d.vtag() == null ? "" : ", vtag " + d.vtag().tag());
    }
    current = new Snapshot(next, o.catalog().filters(), now);
    return current;
  }

  /** The signed version in service may stay: same bytes at the same path, and less than half its lifetime gone. */
  private boolean reusable(Snapshot.Signed prev, Catalog.Body b, Instant now) {
    Duration life = Duration.between(prev.descriptor().notBefore(), prev.descriptor().expires());
    return prev.body().path().equals(b.path()) && Arrays.equals(prev.body().bytes(), b.bytes())
        && now.isBefore(prev.descriptor().notBefore().plus(life.dividedBy(2)));
  }

  /** Stops polling an upstream, if any. */
  void close() {
    source.close();
  }
}

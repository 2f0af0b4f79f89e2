package org.altoredist.http;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.altoredist.alto.AltoDocument;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.CrossChecks;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.ErrorCode;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.NetworkMap;
import org.altoredist.http.UpstreamRefusal.Reason;
import org.altoredist.trust.Limits;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A signing gateway's view of its upstream ALTO server (alto-http.md §3.5). Each poll reads the
 * upstream IRD and every full network map and cost map it names, conditionally; validates each
 * strictly on its own and against its IRD entry; and cross-checks every cost map against the
 * network map it depends on. What it accepts goes out byte for byte as the upstream served it.
 *
 * <p>A refused answer never reaches peers: the resource keeps its last accepted version, if that
 * still fits the rest. When a network map and a cost map do not fit each other (the upstream is
 * mid-update, or broken), the fresh one of the pair goes back to its last accepted version; when
 * nothing consistent can be made of the new IRD, the whole last accepted catalog stays. Every
 * refusal is logged once per distinct reason with its {@link Reason}, and listed in the
 * {@link UpstreamStatus}, which says how long ago the upstream last confirmed what is served.
 */
final class UpstreamMirror implements CatalogSource {

  private static final Logger log = LoggerFactory.getLogger(UpstreamMirror.class);

  /**
   * While the upstream keeps failing, a line every this many polls says how stale the service is
   * (every 5 minutes at the default 30 s poll): each reason is logged once, and a log that then
   * falls silent for hours reads like health.
   */
  static final int STILL_STALE_EVERY = 10;

  /** A document accepted on its own. */
  private record Doc(byte[] bytes, AltoDocument doc) {}

  private final Upstream upstream;
  private final Clock clock;
  private final UpstreamFetcher fetcher;
  /** The last accepted document of each resource, and the catalog made of them. */
  private Map<String, Doc> accepted = Map.of();
  private Catalog catalog;
  /** The last reason logged per resource, so that a failing upstream is not reported every poll. */
  private final Map<String, String> reported = new HashMap<>();
  private volatile UpstreamStatus status;
  private List<UpstreamStatus.Problem> problems;

  UpstreamMirror(Upstream upstream, Clock clock) {
    this.upstream = upstream;
    this.clock = clock;
    this.fetcher = new UpstreamFetcher(upstream, clock);
    this.status = new UpstreamStatus(upstream.directory(), null, null, 0, 0, 0, List.of(), Map.of());
  }

  @Override
  public UpstreamStatus upstreamStatus() {
    return status;
  }

  @Override
  public synchronized CatalogBuilder.Outcome build() {
    problems = new ArrayList<>();
    Catalog next = null;
    try {
      next = poll();
    } catch (UpstreamRefusal r) {
      problem(null, r);
    }
    if (next != null) {
      catalog = next;
    }
    finish();
    List<Rejection> rejected = problems.stream().map(p -> new Rejection(where(p.resource()), p.resource(),
        p.reason() + ": " + p.detail(), p.at())).toList();
    return new CatalogBuilder.Outcome(catalog, rejected);
  }

  /** A new catalog, or null when the last accepted one must stay. */
  private Catalog poll() throws UpstreamRefusal {
    URI location = upstream.directory();
    byte[] irdBytes = fetcher.get(location, DocumentType.DIRECTORY.mediaType(), AltoClient.MAX_DIRECTORY_BYTES).bytes();
    InfoResourceDirectory ird = (InfoResourceDirectory) parse(irdBytes, DocumentType.DIRECTORY);
    Map<String, InfoResourceDirectory.Entry> signed = new LinkedHashMap<>();
    ird.resources().values().stream().filter(e -> e.isGet() && (e.documentType() == DocumentType.NETWORK_MAP
        || e.documentType() == DocumentType.COST_MAP)).forEach(e -> signed.put(e.id(), e));
    Map<String, Doc> cand = new LinkedHashMap<>();
    for (InfoResourceDirectory.Entry e : signed.values()) {
      try {
        cand.put(e.id(), fetch(e, ird, location));
      } catch (UpstreamRefusal r) {
        problem(e.id(), r);
        Doc prev = accepted.get(e.id());
        if (prev == null || !announced(prev, ird, e)) {
          throw new UpstreamRefusal(Reason.UNSERVABLE_DIRECTORY, "the IRD names " + e.id()
              + ", of which there is no good version; the previous IRD stays");
        }
        cand.put(e.id(), prev);
      }
    }
    if (!resolvePairs(cand)) {
      return null;
    }
    byte[] dir = Stamp.directory(GatewayDirectory.of(irdBytes, signed.keySet()), Catalog.DIRECTORY_PATH);
    InfoResourceDirectory served;
    try {
      served = AltoDocuments.parseDirectory(dir);
    } catch (AltoValidationException x) {
      throw new UpstreamRefusal(Reason.UNSERVABLE_DIRECTORY, "without its other resources the IRD is invalid: "
          + CatalogBuilder.describe(x));
    }
    String unservable = ServedPaths.check(served);
    if (unservable != null) {
      throw new UpstreamRefusal(Reason.UNSERVABLE_DIRECTORY, unservable);
    }
    Map<String, Catalog.Body> bodies = new LinkedHashMap<>();
    cand.forEach((id, d) -> bodies.put(id, new Catalog.Body(id, signed.get(id).resolve(location).toString(),
        GatewayDirectory.path(id), d.doc().type(), d.bytes())));
    accepted = Map.copyOf(cand);
    return new Catalog(new Catalog.Body(null, location.toString(), Catalog.DIRECTORY_PATH, DocumentType.DIRECTORY, dir),
        served, bodies, Map.of());
  }

  /** One resource, valid on its own and what its IRD entry announces. */
  private Doc fetch(InfoResourceDirectory.Entry e, InfoResourceDirectory ird, URI location) throws UpstreamRefusal {
    byte[] bytes = fetcher.get(e.resolve(location), e.mediaType(), Limits.MAX_BODY_BYTES).bytes();
    Doc prev = accepted.get(e.id());
    if (prev != null && Arrays.equals(prev.bytes(), bytes) && announced(prev, ird, e)) {
      return prev;
    }
    Doc d = new Doc(bytes, parse(bytes, e.documentType()));
    if (!announced(d, ird, e)) {
      try {
        check(d, ird, e);
      } catch (AltoValidationException x) {
        throw new UpstreamRefusal(Reason.NOT_AS_ANNOUNCED, CatalogBuilder.describe(x));
      }
    }
    if (prev != null && d.doc() instanceof NetworkMap nm && prev.doc() instanceof NetworkMap old
        && nm.vtag().equals(old.vtag())) {
      throw new UpstreamRefusal(Reason.VTAG_REUSED, "new content under vtag " + nm.vtag().tag()
          + ", which already names the published version (RFC 7285 §10.3)");
    }
    return d;
  }

  private static boolean announced(Doc d, InfoResourceDirectory ird, InfoResourceDirectory.Entry e) {
    try {
      check(d, ird, e);
      return true;
    } catch (AltoValidationException x) {
      return false;
    }
  }

  private static void check(Doc d, InfoResourceDirectory ird, InfoResourceDirectory.Entry e)
      throws AltoValidationException {
    if (d.doc() instanceof NetworkMap nm) {
      CrossChecks.networkMapAgainstDirectory(nm, ird, e.id());
    } else {
      CrossChecks.costMapAgainstDirectory((CostMap) d.doc(), ird, e.id());
    }
  }

  /**
   * Makes every cost map fit its network map, putting back the fresh side of a pair that does not
   * fit. False when no consistent set exists; the whole last catalog then stays.
   */
  private boolean resolvePairs(Map<String, Doc> cand) {
    for (int round = 0; round <= 2 * cand.size(); round++) {
      String cmId = null;
      String nmId = null;
      String why = null;
      for (Map.Entry<String, Doc> c : cand.entrySet()) {
        if (c.getValue().doc() instanceof CostMap cm) {
          nmId = cm.dependentVtag().resourceId();
          why = misfit(cm, cand.get(nmId));
          if (why != null) {
            cmId = c.getKey();
            break;
          }
        }
      }
      if (cmId == null) {
        return true;
      }
      Doc oldCm = accepted.get(cmId);
      Doc oldNm = accepted.get(nmId);
      if (cand.get(cmId) != oldCm && oldCm != null && misfit((CostMap) oldCm.doc(), cand.get(nmId)) == null) {
        problem(cmId, new UpstreamRefusal(Reason.DEPENDENT_VTAG_MISMATCH, why));
        cand.put(cmId, oldCm);
      } else if (cand.get(nmId) != oldNm && oldNm != null) {
        problem(nmId, new UpstreamRefusal(Reason.DEPENDENT_VTAG_MISMATCH, "cost map " + cmId
            + " does not fit this version (" + why + "); the previous version stays until the two agree"));
        cand.put(nmId, oldNm);
      } else {
        problem(cmId, new UpstreamRefusal(Reason.DEPENDENT_VTAG_MISMATCH, why));
        return false;
      }
    }
    return false;
  }

  private static String misfit(CostMap cm, Doc nm) {
    if (nm == null || !(nm.doc() instanceof NetworkMap m)) {
      return "its network map " + cm.dependentVtag().resourceId() + " is not among the IRD's full network maps";
    }
    try {
      CrossChecks.costMapAgainstNetworkMap(cm, m);
      return null;
    } catch (AltoValidationException x) {
      return CatalogBuilder.describe(x);
    }
  }

  private static AltoDocument parse(byte[] bytes, DocumentType type) throws UpstreamRefusal {
    try {
      return type == DocumentType.DIRECTORY ? AltoDocuments.parseDirectory(bytes) : AltoDocuments.parse(bytes, type);
    } catch (AltoValidationException x) {
      Reason r = x.first().code() == ErrorCode.E_SYNTAX ? Reason.GARBAGE : Reason.INVALID_DOCUMENT;
      throw new UpstreamRefusal(r, CatalogBuilder.describe(x));
    }
  }

  private void problem(String resource, UpstreamRefusal r) {
    Instant now = clock.instant();
    problems.add(new UpstreamStatus.Problem(resource, r.reason(), r.detail(), now));
    String key = resource == null ? "" : resource;
    if (!r.getMessage().equals(reported.put(key, r.getMessage()))) {
      Instant confirmed = status.confirmed();
      log.warn("upstream {} refused ({}): {}; the last good version stays in service{}", where(resource),
          resource == null ? "the IRD" : resource, r.getMessage(), confirmed == null ? " (there is none yet)"
              : ", confirmed " + Duration.between(confirmed, now).toSeconds() + " s ago");
    }
  }

  private void finish() {
    UpstreamStatus s = status;
    Instant now = clock.instant();
    boolean clean = problems.isEmpty();
    if (clean) {
      reported.clear();
      if (s.consecutiveFailures() > 0 && s.confirmed() != null) {
        log.info("upstream {} is healthy again; what is served was {} s stale", upstream.directory(),
            Duration.between(s.confirmed(), now).toSeconds());
      }
    }
    long failures = clean ? 0 : s.consecutiveFailures() + 1;
    if (failures > 0 && failures % STILL_STALE_EVERY == 0) {
      log.warn("upstream {} refused something at each of the last {} polls; what is served was confirmed {}",
          upstream.directory(), failures, s.confirmed() == null ? "never"
              : Duration.between(s.confirmed(), now).toSeconds() + " s ago");
    }
    Map<Reason, Long> refusals = new java.util.EnumMap<>(Reason.class);
    refusals.putAll(s.refusals());
    problems.forEach(p -> refusals.merge(p.reason(), 1L, Long::sum));
    status = new UpstreamStatus(upstream.directory(), clean ? now : s.confirmed(), now, s.polls() + 1,
        s.failedPolls() + (clean ? 0 : 1), failures, problems, refusals);
  }

  private String where(String resource) {
    if (resource != null && catalog != null && catalog.resources().get(resource) != null) {
      return catalog.resources().get(resource).file();
    }
    return upstream.directory().toString();
  }

  @Override
  public void close() {
    fetcher.close();
  }
}

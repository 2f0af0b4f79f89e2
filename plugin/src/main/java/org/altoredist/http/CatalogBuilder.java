package org.altoredist.http;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.altoredist.alto.AltoDocuments;
import org.altoredist.alto.AltoValidationException;
import org.altoredist.alto.CostMap;
import org.altoredist.alto.CrossChecks;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.NetworkMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the operator's files into a {@link Catalog} (alto-http.md §3.1–3.3). Each file is validated
 * by the ALTO model on its own, identified by its content (a network map by its vtag's resource ID,
 * a cost map by its network map and cost type, which RFC 7285 §11.2.3.5 makes unique), stamped,
 * and cross-checked: every cost map must fit its network map's new version. A file that fails any
 * step is refused and the content it held at the last accepted build takes its place, so a bad
 * edit never takes a good version out of service. The builder remembers that accepted content.
 */
final class CatalogBuilder {

  private static final Logger log = LoggerFactory.getLogger(CatalogBuilder.class);

  private final MapSource source;
  private final Clock clock;
  private Map<String, SourceDoc> accepted = Map.of();
  private InfoResourceDirectory acceptedIrd;
  /** The last reason logged per file, so that a periodic rescan does not repeat the same warning. */
  private final Map<String, String> reported = new java.util.HashMap<>();

  CatalogBuilder(MapSource source, Clock clock) {
    this.source = source;
    this.clock = clock;
  }

  /** The outcome of one build: the catalog (null when no servable IRD was ever accepted) and what was refused. */
  record Outcome(Catalog catalog, List<Rejection> rejected) {}

  Outcome build(Map<String, MapSource.Content> files) {
    List<Rejection> rejected = new ArrayList<>();
    Map<String, SourceDoc> cand = new TreeMap<>();
    files.forEach((name, content) -> {
      SourceDoc prev = accepted.get(name);
      if (content.unreadable() != null) {
        reject(rejected, name, prev, content.unreadable());
        keep(cand, prev);
      } else if (prev != null && prev.sameBytes(content.bytes())) {
        cand.put(name, prev.unchanged());
      } else {
        try {
          cand.put(name, SourceDoc.parse(name, content.bytes()));
        } catch (AltoValidationException e) {
          reject(rejected, name, prev, describe(e));
          keep(cand, prev);
        }
      }
    });
    accepted.forEach((name, prev) -> {
      if (!files.containsKey(name)) {
        reject(rejected, name, prev, "the file is gone");
        keep(cand, prev);
      }
    });
    return resolve(cand, rejected);
  }

  private Outcome resolve(Map<String, SourceDoc> cand, List<Rejection> rejected) {
    // Every round either succeeds or reverts one fresh file to its accepted content or drops one.
    for (int round = 0; round <= 2 * cand.size() + 1; round++) {
      Resolution r = new Resolution(cand);
      String problem = r.run();
      if (problem == null) {
        Map<String, SourceDoc> used = new LinkedHashMap<>();
        r.providers.values().forEach(d -> used.put(d.file(), d));
        used.put(r.irdDoc.file(), r.irdDoc);
        accepted = Map.copyOf(used);
        acceptedIrd = r.irdDoc.ird();
        reported.keySet().retainAll(rejected.stream().map(Rejection::file).toList());
        return new Outcome(r.catalog(), rejected);
      }
      if (r.culprit == null) {
        reject(rejected, null, null, problem);
        return new Outcome(null, rejected);
      }
      reject(rejected, r.culprit.file(), r.culprit, problem);
      SourceDoc prev = accepted.get(r.culprit.file());
      cand.remove(r.culprit.file());
      if (r.culprit.fresh() && prev != null) {
        cand.put(prev.file(), prev.unchanged());
      }
    }
    throw new IllegalStateException("catalog resolution did not converge");
  }

  /** One attempt at a consistent catalog from the current candidates. */
  private final class Resolution {
    final Map<String, SourceDoc> cand;
    final Map<String, SourceDoc> providers = new LinkedHashMap<>();
    final Map<String, Catalog.Body> bodies = new LinkedHashMap<>();
    final Map<String, Catalog.Filter> filters = new LinkedHashMap<>();
    SourceDoc irdDoc;
    Catalog.Body directory;
    SourceDoc culprit;

    Resolution(Map<String, SourceDoc> cand) {
      this.cand = cand;
    }

    Catalog catalog() {
      return new Catalog(directory, parseDirectory(directory.bytes()), Map.copyOf(bodies), Map.copyOf(filters));
    }

    /** Null when consistent; otherwise the problem, with {@link #culprit} the file to revert (null: give up). */
    String run() {
      List<SourceDoc> irds = cand.values().stream().filter(d -> d.ird() != null).toList();
      if (irds.isEmpty()) {
        return "no valid root IRD among the map files";
      }
      if (irds.size() > 1) {
        culprit = irds.stream().filter(SourceDoc::fresh).findFirst().orElse(irds.get(1));
        return "a second IRD: only one file may hold the root IRD";
      }
      irdDoc = irds.get(0);
      InfoResourceDirectory ird = irdDoc.ird();
      String unservable = ServedPaths.check(ird);
      if (unservable != null) {
        culprit = irdDoc;
        return unservable;
      }
      for (SourceDoc d : cand.values()) {
        if (d == irdDoc) {
          continue;
        }
        Identity id = Identity.of(d, ird);
        if (id.resourceId() == null) {
          culprit = d;
          return id.problem();
        }
        SourceDoc other = providers.get(id.resourceId());
        if (other != null) {
          // Two files provide one resource: refuse the changed one, so the accepted one stays.
          culprit = other.fresh() && !d.fresh() ? other : d;
          return "provides " + id.resourceId() + ", which " + (culprit == d ? other : d).file() + " already provides";
        }
        providers.put(id.resourceId(), d);
      }
      for (InfoResourceDirectory.Entry e : ird.resources().values()) {
        if (e.isGet() && !providers.containsKey(e.id())) {
          culprit = cand.values().stream().filter(d -> d.fresh() && providedBefore(d.file(), e.id(), ird))
              .findFirst().orElse(irdDoc.fresh() ? irdDoc : null);
          return culprit == irdDoc ? "the IRD names " + e.id() + ", but no valid map file provides it"
              : "without this file's accepted version no valid map file provides " + e.id();
        }
      }
      return stampAndCrossCheck(ird);
    }

    private String stampAndCrossCheck(InfoResourceDirectory ird) {
      Map<String, NetworkMap> maps = new TreeMap<>();
      for (InfoResourceDirectory.Entry e : ird.resources().values()) {
        SourceDoc d = providers.get(e.id());
        if (d != null && d.networkMap() != null) {
          byte[] body = Stamp.networkMap(d.bytes(), e.id());
          maps.put(e.id(), (NetworkMap) parseStamped(body, DocumentType.NETWORK_MAP));
          bodies.put(e.id(), new Catalog.Body(e.id(), source.describe(d.file()), e.uri(), DocumentType.NETWORK_MAP, body));
        }
      }
      for (InfoResourceDirectory.Entry e : ird.resources().values()) {
        SourceDoc d = providers.get(e.id());
        if (!e.isGet()) {
          filters.put(e.uri(), new Catalog.Filter(e.id(), e.uri(), maps.get(e.uses().get(0))));
        } else if (d.costMap() != null) {
          NetworkMap nm = maps.get(d.costMap().dependentVtag().resourceId());
          byte[] body = Stamp.costMap(d.bytes(), nm.vtag());
          try {
            CrossChecks.costMapAgainstNetworkMap((CostMap) parseStamped(body, DocumentType.COST_MAP), nm);
          } catch (AltoValidationException x) {
            SourceDoc nmDoc = providers.get(nm.vtag().resourceId());
            culprit = d.fresh() || !nmDoc.fresh() ? d : nmDoc;
            return culprit == d ? "does not fit network map " + nm.vtag().resourceId() + ": " + describe(x)
                : "cost map " + d.file() + " (" + e.id() + ") would no longer fit it: " + describe(x);
          }
          bodies.put(e.id(), new Catalog.Body(e.id(), source.describe(d.file()), e.uri(), DocumentType.COST_MAP, body));
        }
      }
      byte[] ird2 = Stamp.directory(irdDoc.bytes(), Catalog.DIRECTORY_PATH);
      directory = new Catalog.Body(null, source.describe(irdDoc.file()), Catalog.DIRECTORY_PATH, DocumentType.DIRECTORY,
          ird2);
      return null;
    }

    private boolean providedBefore(String file, String resourceId, InfoResourceDirectory ird) {
      SourceDoc prev = accepted.get(file);
      return prev != null && resourceId.equals(Identity.of(prev, ird).resourceId());
    }
  }

  private static org.altoredist.alto.AltoDocument parseStamped(byte[] body, DocumentType type) {
    try {
      return AltoDocuments.parse(body, type);
    } catch (AltoValidationException e) {
      throw new IllegalStateException("stamping made an invalid " + type.shortName() + ": " + e.getMessage(), e);
    }
  }

  private static InfoResourceDirectory parseDirectory(byte[] body) {
    return (InfoResourceDirectory) parseStamped(body, DocumentType.DIRECTORY);
  }

  static String describe(AltoValidationException e) {
    return e.errors().size() == 1 ? e.first().toString()
        : e.first() + " (and " + (e.errors().size() - 1) + " more)";
  }

  private void reject(List<Rejection> rejected, String file, SourceDoc doc, String reason) {
    String resource = doc == null ? null : doc.ird() != null ? "the root IRD"
        : acceptedIrd == null ? null : Identity.of(doc, acceptedIrd).resourceId();
    String where = file != null ? source.describe(file) : source.dir() == null ? "bundled examples" : source.dir().toString();
    Rejection r = new Rejection(where, resource, reason, clock.instant());
    rejected.add(r);
    if (!reason.equals(reported.put(r.file(), reason))) {
      log.warn("refused map file {} (resource {}): {}; the previous good version stays in service", r.file(),
          resource == null ? "unknown" : resource, reason);
    }
  }

  private static void keep(Map<String, SourceDoc> cand, SourceDoc prev) {
    if (prev != null) {
      cand.put(prev.file(), prev.unchanged());
    }
  }
}

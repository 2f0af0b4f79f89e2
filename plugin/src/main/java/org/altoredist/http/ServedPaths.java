package org.altoredist.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.HashSet;
import java.util.Set;
import org.altoredist.alto.AltoError;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.ErrorCode;
import org.altoredist.alto.InfoResourceDirectory;

/**
 * Whether the server can serve an operator's IRD (alto-http.md §3.1): every resource a GET network
 * or cost map, or a filtered network map (POST), at a relative-path URI, so that the IRD, its maps and their signatures resolve
 * together under any base (behind a path prefix, on nginx, on a CDN: RFC 3986 §5), and no two of
 * them, or the server's own paths, collide.
 */
final class ServedPaths {

  /** The request media type of a filtered network map (RFC 7285 §11.3.1.3). */
  static final String FILTER_TYPE = "application/alto-networkmapfilter+json";

  private ServedPaths() {}

  /** Null when servable, else the first problem, in the form of an ALTO model error. */
  static String check(InfoResourceDirectory ird) {
    Set<String> taken = new HashSet<>(Set.of(Catalog.DIRECTORY_PATH, Catalog.DIRECTORY_PATH + Stamp.SIGNATURE_SUFFIX,
        Catalog.STATUS_PATH, Catalog.METRICS_PATH));
    for (InfoResourceDirectory.Entry e : ird.resources().values()) {
      String field = "resources/" + e.id();
      DocumentType t = e.documentType();
      if (!e.isGet()) {
        String why = filterProblem(ird, e);
        if (why != null) {
          return error(field + "/accepts", e.accepts(), why);
        }
      } else if (t != DocumentType.NETWORK_MAP && t != DocumentType.COST_MAP) {
        return error(field + "/media-type", e.mediaType(),
            "this server publishes network maps, cost maps and filtered network maps; other resources need another server");
      }
      String why = relativePathProblem(e.uri());
      if (why != null) {
        return error(field + "/uri", e.uri(), why);
      }
      if (!taken.add(e.uri()) || !taken.add(e.uri() + Stamp.SIGNATURE_SUFFIX)) {
        return error(field + "/uri", e.uri(), "collides with another resource, a signature or the server's own "
            + Catalog.DIRECTORY_PATH + ", " + Catalog.STATUS_PATH + ", " + Catalog.METRICS_PATH);
      }
    }
    for (String a : taken) {
      for (String b : taken) {
        if (a.startsWith(b + DeltaHistory.PATH_SUFFIX)) {
          return error("resources", a, "lies under the delta bundles of " + b + " (" + b + DeltaHistory.PATH_SUFFIX
              + "<base>, alto-http.md §4.10)");
        }
      }
    }
    return null;
  }

  /** Null for a filtered network map (RFC 7285 §11.3.1) over one full network map of this IRD. */
  private static String filterProblem(InfoResourceDirectory ird, InfoResourceDirectory.Entry e) {
    if (e.documentType() != DocumentType.NETWORK_MAP || !FILTER_TYPE.equals(HttpHeaders.bareMediaType(e.accepts()))) {
      return "the only POST resource this server offers is a filtered network map (accepts " + FILTER_TYPE + ")";
    }
    InfoResourceDirectory.Entry full = e.uses().size() == 1 ? ird.resource(e.uses().get(0)) : null;
    if (full == null || full.documentType() != DocumentType.NETWORK_MAP || !full.isGet()) {
      return "a filtered network map uses exactly the full network map it filters (RFC 7285 §11.3.1.5)";
    }
    return null;
  }

  private static String relativePathProblem(String uri) {
    URI u;
    try {
      u = new URI(uri);
    } catch (URISyntaxException e) {
      return "not a URI reference: " + e.getReason();
    }
    if (u.isAbsolute() || u.getRawAuthority() != null || uri.startsWith("/")) {
      return "must be a relative-path reference (RFC 3986 §4.2), so that it resolves under the IRD's base";
    }
    if (u.getRawQuery() != null || u.getRawFragment() != null || uri.isEmpty() || uri.endsWith("/")) {
      return "must name a file: no query, fragment or trailing slash";
    }
    for (String seg : uri.split("/", -1)) {
      if (seg.isEmpty() || seg.equals(".") || seg.equals("..")) {
        return "must not contain empty, '.' or '..' segments";
      }
    }
    return null;
  }

  private static String error(String field, String value, String rule) {
    return new AltoError(ErrorCode.E_INVALID_FIELD_VALUE, field, value, rule).toString();
  }
}

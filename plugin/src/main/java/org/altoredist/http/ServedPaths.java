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
 * or cost map at a relative-path URI, so that the IRD, its maps and their signatures resolve
 * together under any base (behind a path prefix, on nginx, on a CDN: RFC 3986 §5), and no two of
 * them, or the server's own paths, collide.
 */
final class ServedPaths {

  private ServedPaths() {}

  /** Null when servable, else the first problem, in the form of an ALTO model error. */
  static String check(InfoResourceDirectory ird) {
    Set<String> taken = new HashSet<>(Set.of(Catalog.DIRECTORY_PATH, Catalog.DIRECTORY_PATH + Stamp.SIGNATURE_SUFFIX,
        Catalog.STATUS_PATH));
    for (InfoResourceDirectory.Entry e : ird.resources().values()) {
      String field = "resources/" + e.id();
      DocumentType t = e.documentType();
      if (!e.isGet() || (t != DocumentType.NETWORK_MAP && t != DocumentType.COST_MAP)) {
        return error(field + "/media-type", e.mediaType(),
            "this server publishes full network and cost maps (GET) only; POST and other resources need another server");
      }
      String why = relativePathProblem(e.uri());
      if (why != null) {
        return error(field + "/uri", e.uri(), why);
      }
      if (!taken.add(e.uri()) || !taken.add(e.uri() + Stamp.SIGNATURE_SUFFIX)) {
        return error(field + "/uri", e.uri(), "collides with another resource, a signature or the server's own "
            + Catalog.DIRECTORY_PATH + ", " + Catalog.STATUS_PATH);
      }
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

package org.altoredist.http;

import java.util.Map;
import org.altoredist.alto.DocumentType;
import org.altoredist.alto.InfoResourceDirectory;
import org.altoredist.alto.NetworkMap;

/**
 * One consistent set of response bodies generated from the operator's files: the stamped IRD and
 * every resource it names, each at its path relative to the service's base.
 *
 * @param directory the IRD as served (signature URIs added)
 * @param ird that IRD, parsed
 * @param resources the maps by resource ID, in IRD order
 * @param filters the filtered-network-map (POST) resources by path
 */
record Catalog(Body directory, InfoResourceDirectory ird, Map<String, Body> resources, Map<String, Filter> filters) {

  /** Where the root IRD is served, relative to the service's base path. */
  static final String DIRECTORY_PATH = "directory";
  /** The JSON status resource (request counts, refused files); not an ALTO resource. */
  static final String STATUS_PATH = "server-status";
  /** The Prometheus text exposition of the server's metrics; not an ALTO resource. */
  static final String METRICS_PATH = "metrics";

  /**
   * A filtered network map resource (RFC 7285 §11.3.1): answers a POST from the full map it uses.
   * Computed for one requester, so never signed and never redistributable (alto-http.md §4.8).
   */
  record Filter(String resourceId, String path, NetworkMap networkMap) {}

  /**
   * A generated response body.
   *
   * @param resourceId its IRD resource ID; null for the root IRD
   * @param file the operator file it was generated from
   * @param path its path relative to the service's base (its IRD URI, as written)
   */
  record Body(String resourceId, String file, String path, DocumentType type, byte[] bytes) {

    String signaturePath() {
      return path + Stamp.SIGNATURE_SUFFIX;
    }

    /** The sequence-store and counter key: the resource ID, or "" for the root IRD. */
    String key() {
      return resourceId == null ? SequenceStore.DIRECTORY_KEY : resourceId;
    }
  }
}

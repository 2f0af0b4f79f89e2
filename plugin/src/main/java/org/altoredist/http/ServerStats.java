package org.altoredist.http;

import java.util.List;
import java.util.Map;

/**
 * What an {@link AltoServer} has answered since it started: the ALTO-server load that
 * redistribution is meant to take away, per resource.
 *
 * @param resources counts by resource ID; the root IRD's under the empty string
 * @param errors error responses by HTTP status (400, 404, 405, 406, 500, and 503 for shed requests)
 * @param inFlight requests admitted and not yet answered
 * @param rejected the map files (or upstream answers) the latest build refused (the previous versions stay in service)
 * @param upstream how current a signing gateway's upstream is; null for a server of map files
 */
public record ServerStats(Map<String, ResourceStats> resources, Map<Integer, Long> errors, int inFlight,
    List<Rejection> rejected, UpstreamStatus upstream) {

  public ServerStats {
    resources = Map.copyOf(resources);
    errors = Map.copyOf(errors);
    rejected = List.copyOf(rejected);
  }

  /**
   * One resource's counts.
   *
   * @param requests GETs of its body, full or answered 304
   * @param notModified those answered 304 Not Modified
   * @param signatureRequests GETs of its signature
   * @param bytes body, signature and delta bytes sent
   * @param deltaRequests GETs of a delta bundle to its current version (alto-http.md §4.10), 304s included
   */
  public record ResourceStats(long requests, long notModified, long signatureRequests, long bytes, long deltaRequests) {

    /** Every request for this resource: body, signature or delta. */
    public long total() {
      return requests + signatureRequests + deltaRequests;
    }
  }

  /** Requests for the resource with this ID (the root IRD: ""), or zero counts if it had none. */
  public ResourceStats resource(String resourceId) {
    return resources.getOrDefault(resourceId, new ResourceStats(0, 0, 0, 0, 0));
  }

  /** Every request answered for any ALTO resource. */
  public long totalRequests() {
    return resources.values().stream().mapToLong(ResourceStats::total).sum();
  }

  public long shed() {
    return errors.getOrDefault(503, 0L);
  }
}

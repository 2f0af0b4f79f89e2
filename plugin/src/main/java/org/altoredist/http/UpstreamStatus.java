package org.altoredist.http;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * How current a signing gateway's service is (alto-http.md §3.5): when the upstream last confirmed
 * that what the gateway serves is its current version, and what the latest poll refused.
 *
 * @param directory the upstream IRD's URI
 * @param confirmed when a poll last completed with nothing refused, or null if none ever did
 * @param lastPoll when the latest poll ended, or null before the first
 * @param polls polls since start
 * @param failedPolls polls that refused something
 * @param consecutiveFailures polls in a row, up to the latest, that refused something
 * @param problems what the latest poll refused (empty when it was clean)
 * @param refusals every answer refused since start, by reason
 */
public record UpstreamStatus(URI directory, Instant confirmed, Instant lastPoll, long polls, long failedPolls,
    long consecutiveFailures, List<Problem> problems, Map<UpstreamRefusal.Reason, Long> refusals) {

  public UpstreamStatus {
    problems = List.copyOf(problems);
    refusals = Map.copyOf(refusals);
  }

  /**
   * One refused answer.
   *
   * @param resource the IRD resource ID, or null for the IRD itself
   */
  public record Problem(String resource, UpstreamRefusal.Reason reason, String detail, Instant at) {

    @Override
    public String toString() {
      return (resource == null ? "the IRD" : resource) + ": " + reason + ": " + detail;
    }
  }

  /** Whether the latest poll refused nothing. */
  public boolean healthy() {
    return confirmed != null && consecutiveFailures == 0;
  }

  /** How long ago the upstream last confirmed the served version; null if it never did. */
  public Duration staleness(Instant now) {
    return confirmed == null ? null : Duration.between(confirmed, now);
  }
}

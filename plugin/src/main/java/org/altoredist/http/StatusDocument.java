package org.altoredist.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON status resource ({@value Catalog#STATUS_PATH}): per resource its version and request
 * counts, error counts, and the refused map files, for operators and for the demo's load report.
 * Not an ALTO resource, and not in the IRD.
 */
final class StatusDocument {

  private StatusDocument() {}

  static byte[] of(String service, Snapshot snapshot, ServerStats stats, Instant now) {
    ObjectNode root = MetaSplice.MAPPER.createObjectNode();
    root.put("service", service);
    root.put("built", snapshot.built().toString());
    root.put("in-flight", stats.inFlight());
    ObjectNode res = root.putObject("resources");
    for (Map.Entry<String, Snapshot.Signed> e : snapshot.resources().entrySet()) {
      Snapshot.Signed s = e.getValue();
      ObjectNode o = res.putObject(e.getKey().isEmpty() ? "(root IRD)" : e.getKey());
      o.put("path", s.body().path());
      o.put("source", s.body().file());
      o.put("sequence", s.descriptor().sequence());
      if (s.descriptor().vtag() != null) {
        o.put("vtag", s.descriptor().vtag().tag());
      }
      o.put("expires", s.descriptor().expires().toString());
      ServerStats.ResourceStats c = stats.resource(e.getKey());
      o.put("requests", c.requests());
      o.put("not-modified", c.notModified());
      o.put("signature-requests", c.signatureRequests());
      o.put("bytes", c.bytes());
    }
    ObjectNode errors = root.putObject("errors");
    stats.errors().forEach((status, n) -> errors.put(Integer.toString(status), n));
    ArrayNode rejected = root.putArray("rejected");
    for (Rejection r : stats.rejected()) {
      ObjectNode o = rejected.addObject();
      o.put("file", r.file());
      if (r.resource() != null) {
        o.put("resource", r.resource());
      }
      o.put("reason", r.reason());
      o.put("at", r.at().toString());
    }
    if (stats.upstream() != null) {
      upstream(root.putObject("upstream"), stats.upstream(), now);
    }
    try {
      return MetaSplice.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an in-memory JSON tree always serialises", e);
    }
  }

  /** How stale a gateway's service is: when the upstream last confirmed it, and what was refused since. */
  private static void upstream(ObjectNode o, UpstreamStatus u, Instant now) {
    o.put("directory", u.directory().toString());
    o.put("healthy", u.healthy());
    if (u.confirmed() != null) {
      o.put("confirmed", u.confirmed().toString());
      o.put("stale-seconds", u.staleness(now).toSeconds());
    }
    if (u.lastPoll() != null) {
      o.put("last-poll", u.lastPoll().toString());
    }
    o.put("polls", u.polls());
    o.put("failed-polls", u.failedPolls());
    o.put("consecutive-failures", u.consecutiveFailures());
    ArrayNode problems = o.putArray("problems");
    for (UpstreamStatus.Problem p : u.problems()) {
      ObjectNode x = problems.addObject();
      if (p.resource() != null) {
        x.put("resource", p.resource());
      }
      x.put("reason", p.reason().name());
      x.put("detail", p.detail());
      x.put("at", p.at().toString());
    }
  }
}

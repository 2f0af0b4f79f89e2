package org.altoredist.alto;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads the small typed members shared by every document (version tags, cost types, strings) out
 * of a JSON tree, reporting each problem with its path instead of throwing at the first.
 */
final class Members {

  private Members() {}

  /** The member as an object, or null after reporting it missing or mistyped. */
  static JsonNode object(JsonNode parent, String name, String path, ErrorSink errors) {
    JsonNode n = parent.get(name);
    if (n == null) {
      errors.add(ErrorCode.E_MISSING_FIELD, path, null, "required member \"" + name + "\" is missing");
      return null;
    }
    if (!n.isObject()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, path, null, "must be a JSON object");
      return null;
    }
    return n;
  }

  /** The member as a string, or null after reporting; {@code required=false} allows absence. */
  static String string(JsonNode parent, String name, String path, boolean required, ErrorSink errors) {
    JsonNode n = parent.get(name);
    if (n == null) {
      if (required) {
        errors.add(ErrorCode.E_MISSING_FIELD, path, null, "required member \"" + name + "\" is missing");
      }
      return null;
    }
    if (!n.isTextual()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, path, null, "must be a JSON string");
      return null;
    }
    return n.textValue();
  }

  /** An RFC 7285 §10.3 VersionTag object at {@code path}, or null after reporting. */
  static VersionTag versionTag(JsonNode n, String path, ErrorSink errors) {
    if (!n.isObject()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, path, null, "a version tag is a JSON object (RFC 7285 §10.3)");
      return null;
    }
    String rid = string(n, "resource-id", path + "/resource-id", true, errors);
    String tag = string(n, "tag", path + "/tag", true, errors);
    boolean ok = rid != null && tag != null;
    if (rid != null && !Identifiers.isResourceId(rid)) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/resource-id", rid,
          "a resource ID is 1-64 of [0-9A-Za-z-:@_] (RFC 7285 §10.2)");
      ok = false;
    }
    if (tag != null && !Identifiers.isTag(tag)) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/tag", tag,
          "a tag is 1-64 characters in U+0021..U+007E (RFC 7285 §10.3)");
      ok = false;
    }
    return ok ? new VersionTag(rid, tag) : null;
  }

  /**
   * An RFC 7285 §10.7 CostType at {@code path}, or null after reporting. The metric must be
   * registered (RFC 7285 §14.2, RFC 9439) or private ("priv:…"); so must the mode (RFC 9274). Other
   * members (RFC 9439's cost-context) are ignored.
   */
  static CostType costType(JsonNode n, String path, ErrorSink errors) {
    if (!n.isObject()) {
      errors.add(ErrorCode.E_INVALID_FIELD_TYPE, path, null, "a cost type is a JSON object (RFC 7285 §10.7)");
      return null;
    }
    String metric = string(n, "cost-metric", path + "/cost-metric", true, errors);
    String mode = string(n, "cost-mode", path + "/cost-mode", true, errors);
    String description = string(n, "description", path + "/description", false, errors);
    boolean ok = metric != null && mode != null;
    if (metric != null && !isKnownMetric(metric)) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/cost-metric", metric,
          Identifiers.isCostMetricSyntax(metric)
              ? "cost metric is neither in the IANA ALTO Cost Metric Registry (RFC 7285 §14.2, RFC 9439) nor \"priv:\""
              : "a cost metric is 1-32 of [0-9A-Za-z-:_] (RFC 7285 §10.6; '.' is reserved)");
      ok = false;
    }
    if (mode != null && !isKnownMode(mode)) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, path + "/cost-mode", mode,
          Identifiers.isCostModeSyntax(mode)
              ? "cost mode is neither in the IANA ALTO Cost Modes registry (RFC 9274 §5) nor \"priv:\""
              : "a cost mode is 1-32 of [0-9A-Za-z-:_] (RFC 9274 §3)");
      ok = false;
    }
    return ok ? new CostType(metric, mode, description) : null;
  }

  /**
   * Whether {@code n} is a well-formed cost type that this model does not know: a metric or mode
   * registered after it was written (RFC 9439 added eight metrics, RFC 9274 the modes registry).
   * An IRD that defines one stays usable; what it names in that type is not for this client.
   */
  static boolean isNewerCostType(JsonNode n) {
    JsonNode metric = n.get("cost-metric");
    JsonNode mode = n.get("cost-mode");
    return n.isObject() && metric != null && metric.isTextual() && mode != null && mode.isTextual()
        && Identifiers.isCostMetricSyntax(metric.asText()) && Identifiers.isCostModeSyntax(mode.asText())
        && !(isKnownMetric(metric.asText()) && isKnownMode(mode.asText()));
  }

  private static boolean isKnownMetric(String m) {
    return Identifiers.isCostMetricSyntax(m)
        && (Identifiers.REGISTERED_METRICS.contains(m) || Identifiers.isPrivate(m));
  }

  private static boolean isKnownMode(String m) {
    return Identifiers.isCostModeSyntax(m)
        && (Identifiers.REGISTERED_MODES.contains(m) || Identifiers.isPrivate(m));
  }
}

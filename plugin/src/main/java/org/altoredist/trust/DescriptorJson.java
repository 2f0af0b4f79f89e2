package org.altoredist.trust;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.altoredist.alto.CostType;
import org.altoredist.alto.IpPrefix;
import org.altoredist.alto.VersionTag;
import org.altoredist.trust.VerificationException.Reason;

/**
 * The descriptor's one encoding (signed-resources.md §2.1): JSON in RFC 8785 canonical form, so
 * every implementation writes the same bytes for the same descriptor and a reader can tell a
 * canonical encoding from any other. Members sorted by name, no white space, optional members
 * omitted when absent, strings of printable ASCII with only '"' and '\' escaped, integers only.
 */
final class DescriptorJson {

  private static final Set<String> FIELDS = Set.of("audience", "cost-type", "dependent-vtags", "expires",
      "media-type", "not-before", "request", "resource-id", "scope", "sequence", "service", "version", "vtag");
  private static final Set<String> VTAG_FIELDS = Set.of("resource-id", "tag");
  private static final Set<String> COST_TYPE_FIELDS = Set.of("cost-metric", "cost-mode");
  private static final Pattern TIMESTAMP = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z");

  /** Nesting: descriptor, dependent-vtags array, vtag object. Strings: the longest is a URI. */
  private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder()
          .maxNestingDepth(3).maxStringLength(Limits.MAX_URI_CHARS).maxNumberLength(19).build())
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build())
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .disable(JsonParser.Feature.ALLOW_COMMENTS);

  private DescriptorJson() {}

  static byte[] encode(Descriptor d) {
    StringBuilder sb = new StringBuilder(512).append('{');
    if (!d.scope().audience().isEmpty()) {
      sb.append("\"audience\":[");
      List<IpPrefix> prefixes = d.scope().audience();
      for (int i = 0; i < prefixes.size(); i++) {
        string(sb.append(i == 0 ? "" : ","), prefixes.get(i).toString());
      }
      sb.append("],");
    }
    if (d.costType() != null) {
      string(string(sb.append("\"cost-type\":{\"cost-metric\":"), d.costType().metric())
          .append(",\"cost-mode\":"), d.costType().mode()).append("},");
    }
    if (!d.dependentVtags().isEmpty()) {
      sb.append("\"dependent-vtags\":[");
      for (int i = 0; i < d.dependentVtags().size(); i++) {
        vtag(sb.append(i == 0 ? "" : ","), d.dependentVtags().get(i));
      }
      sb.append("],");
    }
    string(sb.append("\"expires\":"), d.expires().toString());
    string(sb.append(",\"media-type\":"), d.mediaType());
    string(sb.append(",\"not-before\":"), d.notBefore().toString());
    string(sb.append(",\"request\":"), d.request());
    if (d.resourceId() != null) {
      string(sb.append(",\"resource-id\":"), d.resourceId());
    }
    string(sb.append(",\"scope\":"), d.scope().kind().token());
    sb.append(",\"sequence\":").append(d.sequence());
    string(sb.append(",\"service\":"), d.service());
    sb.append(",\"version\":").append(Descriptor.FORMAT_VERSION);
    if (d.vtag() != null) {
      vtag(sb.append(",\"vtag\":"), d.vtag());
    }
    return sb.append('}').toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static StringBuilder vtag(StringBuilder sb, VersionTag v) {
    return string(string(sb.append("{\"resource-id\":"), v.resourceId()).append(",\"tag\":"), v.tag()).append('}');
  }

  /** RFC 8785 §3.2.2.2 for the printable ASCII every descriptor string is restricted to. */
  private static StringBuilder string(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        sb.append('\\');
      }
      sb.append(c);
    }
    return sb.append('"');
  }

  static Descriptor decode(byte[] json) throws VerificationException {
    if (json.length > Limits.MAX_DESCRIPTOR_BYTES) {
      throw new VerificationException(Reason.TOO_LARGE, "descriptor of " + json.length + " bytes");
    }
    Descriptor d;
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw malformed("not a JSON object");
      }
      JsonNode version = root.get("version");
      if (version == null || !version.isIntegralNumber()) {
        throw malformed("no integer \"version\"");
      }
      if (!version.canConvertToInt() || version.intValue() != Descriptor.FORMAT_VERSION) {
        throw new VerificationException(Reason.UNSUPPORTED_ALGORITHM, "descriptor format version " + version);
      }
      onlyFields(root, FIELDS, "descriptor");
      JsonNode scope = root.get("scope");
      RedistributionScope.Kind kind = RedistributionScope.Kind.ofToken(text(scope, "scope"));
      if (kind == null) {
        throw malformed("scope " + scope + " is none of none, service, audience");
      }
      JsonNode sequence = root.get("sequence");
      if (sequence == null || !sequence.isIntegralNumber() || !sequence.canConvertToLong()) {
        throw malformed("\"sequence\" is not an integer");
      }
      d = new Descriptor(text(root.get("service"), "service"), optionalText(root, "resource-id"),
          text(root.get("media-type"), "media-type"), text(root.get("request"), "request"),
          root.has("vtag") ? vtag(root.get("vtag")) : null, dependentVtags(root.get("dependent-vtags")),
          root.has("cost-type") ? costType(root.get("cost-type")) : null, sequence.longValue(),
          instant(root.get("not-before"), "not-before"), instant(root.get("expires"), "expires"),
          new RedistributionScope(kind, prefixes(root.get("audience"))));
    } catch (IOException | IllegalArgumentException e) {
      throw new VerificationException(Reason.MALFORMED, "descriptor: " + e.getMessage(), e);
    }
    if (!Arrays.equals(encode(d), json)) {
      throw malformed("not in the canonical encoding (RFC 8785; expected "
          + new String(encode(d), StandardCharsets.US_ASCII) + ")");
    }
    return d;
  }

  private static VersionTag vtag(JsonNode n) throws VerificationException {
    onlyFields(n, VTAG_FIELDS, "vtag");
    return new VersionTag(text(n.get("resource-id"), "resource-id"), text(n.get("tag"), "tag"));
  }

  private static CostType costType(JsonNode n) throws VerificationException {
    onlyFields(n, COST_TYPE_FIELDS, "cost-type");
    return new CostType(text(n.get("cost-metric"), "cost-metric"), text(n.get("cost-mode"), "cost-mode"));
  }

  private static List<VersionTag> dependentVtags(JsonNode n) throws VerificationException {
    if (n == null) {
      return List.of();
    }
    if (!n.isArray() || n.isEmpty()) {
      throw malformed("\"dependent-vtags\" is not a non-empty array");
    }
    if (n.size() > Limits.MAX_DEPENDENT_VTAGS) {
      throw malformed(n.size() + " dependent vtags; at most " + Limits.MAX_DEPENDENT_VTAGS);
    }
    List<VersionTag> out = new ArrayList<>();
    for (JsonNode e : n) {
      out.add(vtag(e));
    }
    return out;
  }

  /** Prefixes in any RFC 4291 text; the canonical-encoding check then admits only RFC 5952 text. */
  private static List<IpPrefix> prefixes(JsonNode n) throws VerificationException {
    if (n == null) {
      return List.of();
    }
    if (!n.isArray() || n.size() > Limits.MAX_AUDIENCE_PREFIXES) {
      throw malformed("\"audience\" is not an array of at most " + Limits.MAX_AUDIENCE_PREFIXES + " prefixes");
    }
    List<IpPrefix> out = new ArrayList<>();
    for (JsonNode e : n) {
      out.add(IpPrefix.parse(text(e, "audience")));
    }
    return out;
  }

  private static Instant instant(JsonNode n, String field) throws VerificationException {
    String s = text(n, field);
    if (!TIMESTAMP.matcher(s).matches()) {
      throw malformed("\"" + field + "\" is not an RFC 3339 UTC time in whole seconds: " + s);
    }
    try {
      return Instant.parse(s);
    } catch (DateTimeParseException e) {
      throw malformed("\"" + field + "\" is not a valid time: " + s);
    }
  }

  private static String optionalText(JsonNode root, String field) throws VerificationException {
    return root.has(field) ? text(root.get(field), field) : null;
  }

  private static String text(JsonNode n, String field) throws VerificationException {
    if (n == null || !n.isTextual()) {
      throw malformed("\"" + field + "\" is missing or not a string");
    }
    return n.textValue();
  }

  private static void onlyFields(JsonNode n, Set<String> allowed, String what) throws VerificationException {
    if (n == null || !n.isObject()) {
      throw malformed(what + " is not an object");
    }
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String name = it.next();
      if (!allowed.contains(name)) {
        throw malformed("unknown member \"" + name + "\" in " + what + " (format version 1 has a closed set)");
      }
    }
  }

  private static VerificationException malformed(String message) {
    return new VerificationException(Reason.MALFORMED, "descriptor: " + message);
  }
}

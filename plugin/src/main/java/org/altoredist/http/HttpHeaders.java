package org.altoredist.http;

import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.http.HttpFields;

/**
 * The request headers the server interprets, parsed leniently where RFC 9110 allows and never
 * throwing: Accept (§12.5.1), If-Match (§13.1.1) and If-None-Match (§13.1.2).
 */
final class HttpHeaders {

  /**
   * Longest header value examined; longer ones are judged by their first part. Common servers
   * refuse header lines over 8 KiB (nginx's large_client_header_buffers), so no client relies on more.
   */
  static final int MAX_HEADER_CHARS = 8 * 1024;

  private HttpHeaders() {}

  /** The media type without parameters, lower case, or null. */
  static String bareMediaType(String contentType) {
    if (contentType == null) {
      return null;
    }
    int semi = contentType.indexOf(';');
    return (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
  }

  /**
   * Whether an Accept header admits {@code mediaType}: absent, or the most specific of its ranges
   * that match ("type/sub" over "type/*" over "*&#47;*", RFC 9110 §12.5.1) has a q-value above
   * zero. "application/alto-networkmap+json;q=0, *&#47;*" refuses the network map.
   */
  static boolean accepts(String accept, String mediaType) {
    if (accept == null || accept.isBlank()) {
      return true;
    }
    String type = mediaType.toLowerCase(Locale.ROOT);
    String major = type.substring(0, type.indexOf('/') + 1);
    int bestSpecificity = -1;
    boolean admitted = false;
    for (String range : bounded(accept).split(",")) {
      String[] parts = range.split(";");
      String r = parts[0].trim().toLowerCase(Locale.ROOT);
      int specificity = r.equals(type) ? 2 : r.equals(major + "*") ? 1 : r.equals("*/*") ? 0 : -1;
      boolean ok = !zeroQuality(parts);
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        admitted = ok;
      } else if (specificity == bestSpecificity && specificity >= 0) {
        admitted |= ok;
      }
    }
    return admitted;
  }

  private static boolean zeroQuality(String[] params) {
    for (int i = 1; i < params.length; i++) {
      String p = params[i].trim().toLowerCase(Locale.ROOT);
      if (p.startsWith("q=")) {
        return p.substring(2).trim().matches("0(\\.0{0,3})?");
      }
    }
    return false;
  }

  /**
   * Whether If-None-Match matches the current entity tag: "*", or a listed tag equal under the
   * weak comparison RFC 9110 §13.1.2 prescribes for this header (W/ prefixes ignored).
   */
  static boolean noneMatchHits(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    String opaque = strip(etag);
    for (String t : bounded(ifNoneMatch).split(",")) {
      String tag = t.trim();
      if (tag.equals("*") || strip(tag).equals(opaque)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether If-Match fails for the current entity tag (RFC 9110 §13.1.1): present, and neither "*"
   * nor a listed tag equal under the strong comparison (a weak tag never matches).
   */
  static boolean matchFails(String ifMatch, String etag) {
    if (ifMatch == null) {
      return false;
    }
    for (String t : bounded(ifMatch).split(",")) {
      String tag = t.trim();
      if (tag.equals("*") || (!etag.startsWith("W/") && tag.equals(etag))) {
        return false;
      }
    }
    return true;
  }

  /**
   * A field's value with its repeated lines joined as one list (RFC 9110 §5.3): a client or proxy
   * may send Accept or If-None-Match twice, and each line counts. Null when absent.
   */
  static String combined(HttpFields fields, String name) {
    List<String> lines = fields.getValuesList(name);
    return lines.isEmpty() ? null : String.join(", ", lines);
  }

  private static String strip(String tag) {
    return tag.startsWith("W/") ? tag.substring(2) : tag;
  }

  private static String bounded(String v) {
    return v.length() > MAX_HEADER_CHARS ? v.substring(0, MAX_HEADER_CHARS) : v;
  }
}

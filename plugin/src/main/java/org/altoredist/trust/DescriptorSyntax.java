package org.altoredist.trust;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Field syntax of the descriptor (signed-resources.md §2.2); each check names the broken rule. */
final class DescriptorSyntax {

  /** RFC 7285 §10.2: a resource ID has PIDName syntax; '.' is reserved and not used. */
  private static final Pattern RESOURCE_ID = Pattern.compile("[0-9A-Za-z:@_-]{1,64}");
  /** RFC 7285 §10.6 (metric) and RFC 9274 §3 (mode): at most 32 of [A-Za-z0-9-:_]. */
  private static final Pattern COST_IDENTIFIER = Pattern.compile("[A-Za-z0-9:_-]{1,32}");
  /** RFC 6838 §4.2 restricted names, lower case, no parameters. */
  private static final Pattern MEDIA_TYPE = Pattern.compile(
      "[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");
  /** Printable US-ASCII without space: what RFC 3986 allows in a URI, and nothing to escape oddly. */
  private static final Pattern URI_CHARS = Pattern.compile("[\\x21-\\x7e]+");

  private DescriptorSyntax() {}

  static void requireResourceId(String s, String field) {
    if (s == null || !RESOURCE_ID.matcher(s).matches()) {
      throw new IllegalArgumentException(field + " is not an RFC 7285 §10.2 resource ID: " + s);
    }
  }

  static void requireCostIdentifier(String s, String field) {
    if (s == null || !COST_IDENTIFIER.matcher(s).matches() || s.equals("priv:")) {
      throw new IllegalArgumentException(field + " is not 1..32 characters of [A-Za-z0-9-:_]: " + s);
    }
  }

  static void requireMediaType(String s) {
    if (s == null || !MEDIA_TYPE.matcher(s).matches()) {
      throw new IllegalArgumentException("media-type is not a lower-case type/subtype without parameters: " + s);
    }
  }

  /**
   * An absolute http or https URI with a host, no user information and no fragment; scheme and
   * host in lower case so that equal URIs have equal text (RFC 3986 §6.2.2.1).
   */
  static URI requireHttpUri(String s, String field) {
    if (s == null || s.length() > Limits.MAX_URI_CHARS || !URI_CHARS.matcher(s).matches()) {
      throw new IllegalArgumentException(field + " is not a URI of at most " + Limits.MAX_URI_CHARS
          + " printable ASCII characters: " + s);
    }
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(field + " is not an RFC 3986 URI: " + e.getMessage(), e);
    }
    String scheme = u.getScheme();
    if (!"https".equals(scheme) && !"http".equals(scheme)) {
      throw new IllegalArgumentException(field + " is not an absolute http or https URI: " + s);
    }
    String host = u.getHost();
    if (host == null || !host.equals(host.toLowerCase(Locale.ROOT))) {
      throw new IllegalArgumentException(field + " needs a server-based authority with a lower-case host: " + s);
    }
    if (u.getRawUserInfo() != null || u.getRawFragment() != null) {
      throw new IllegalArgumentException(field + " may carry neither user information nor a fragment: " + s);
    }
    return u;
  }
}

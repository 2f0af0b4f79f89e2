package org.altoredist.alto;

import java.util.Set;

/** The identifier syntaxes of RFC 7285 §10, RFC 9274 (cost modes) and RFC 9439 (cost metrics). */
final class Identifiers {

  /** RFC 7285 §10.1/§10.2: PID names and resource IDs are at most 64 characters. */
  static final int MAX_PID_NAME = 64;
  /** RFC 7285 §10.3: a version tag is at most 64 characters. */
  static final int MAX_TAG = 64;
  /** RFC 7285 §10.6: a cost metric is at most 32 characters. */
  static final int MAX_COST_METRIC = 32;
  /** RFC 9274 §3: a cost mode is at most 32 characters. */
  static final int MAX_COST_MODE = 32;

  /** The "ALTO Cost Metric Registry": routingcost (RFC 7285 §14.2) and RFC 9439 §4–§5. */
  static final Set<String> REGISTERED_METRICS = Set.of(
      "routingcost", "delay-ow", "delay-rt", "delay-variation", "lossrate", "hopcount",
      "tput", "bw-residual", "bw-available");

  /** The "ALTO Cost Modes" registry of RFC 9274 §5, with "array" from RFC 9275. */
  static final Set<String> REGISTERED_MODES = Set.of("numerical", "ordinal", "array");

  /** The address types of the "ALTO Address Type Registry" (RFC 7285 §14.4). */
  static final String IPV4 = "ipv4";
  static final String IPV6 = "ipv6";

  private Identifiers() {}

  /**
   * RFC 7285 §10.1: at most 64 of [0-9A-Za-z-:@_]; '.' is reserved and "MUST NOT be used unless
   * specifically indicated", so it is refused. An empty name is refused too: the RFC gives no
   * minimum, but an empty key names nothing.
   */
  static boolean isPidName(CharSequence s) {
    int n = s.length();
    if (n == 0 || n > MAX_PID_NAME) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!(isAlnum(c) || c == '-' || c == ':' || c == '@' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  /** RFC 7285 §10.2: a resource ID has the syntax of a PID name. */
  static boolean isResourceId(CharSequence s) {
    return isPidName(s);
  }

  /** RFC 7285 §10.3: 1 to 64 characters, none below U+0021 or above U+007E. */
  static boolean isTag(CharSequence s) {
    int n = s.length();
    if (n == 0 || n > MAX_TAG) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (c < 0x21 || c > 0x7e) {
        return false;
      }
    }
    return true;
  }

  /** RFC 7285 §10.4.2: an address type is US-ASCII alphanumerics only. */
  static boolean isAddressType(CharSequence s) {
    int n = s.length();
    if (n == 0) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (!isAlnum(s.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * RFC 7285 §10.6 syntax: at most 32 of [0-9A-Za-z-:_.], '.' reserved (refused), and "priv:"
   * alone is not an identifier. Whether the metric is registered is a separate question.
   */
  static boolean isCostMetricSyntax(String s) {
    return isRegistryIdentifier(s, MAX_COST_METRIC);
  }

  /** RFC 9274 §3: at most 32 of [0-9A-Za-z-:_], "priv:" alone is not a mode. */
  static boolean isCostModeSyntax(String s) {
    return isRegistryIdentifier(s, MAX_COST_MODE);
  }

  static boolean isPrivate(String s) {
    return s.startsWith("priv:");
  }

  private static boolean isRegistryIdentifier(String s, int max) {
    int n = s.length();
    if (n == 0 || n > max || s.equals("priv:")) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (!(isAlnum(c) || c == '-' || c == ':' || c == '_')) {
        return false;
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }
}

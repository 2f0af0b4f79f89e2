package org.altoredist.alto;

/**
 * Parses the text of IPv4 and IPv6 prefixes without allocating: the network-map parser hands it
 * the characters straight from the JSON parser's buffer, a million times for a large map.
 *
 * <ul>
 *   <li>IPv4 (RFC 7285 §10.4.4.1 → RFC 4632 §3.1): four RFC 3986 dec-octets, no leading zeros.
 *   <li>IPv6 (§10.4.4.2 → RFC 5952 §7): any RFC 4291 §2.2 text form — full, "::"-compressed,
 *       upper or lower case, leading zeros, a dotted-quad tail — since RFC 7285 §10.4 asks clients
 *       to accept representations other than the canonical one. No zone index.
 *   <li>Both: a decimal length without leading zeros, and no bits set past the length. RFC 4632
 *       writes prefixes that way; a map with "127.0.0.1/8" is ambiguous about intent, and a signed
 *       map must mean one thing, so it is refused with the canonical form suggested.
 * </ul>
 */
final class PrefixText {

  /** Where a parse result lands; reused across calls by one parser. */
  static final class Parsed {
    long hi;
    long lo;
    int length;
    final int[] groups = new int[8];
  }

  static final String OK = null;

  private PrefixText() {}

  /** Parses an IPv4 prefix from {@code c[start, end)}; returns null or the broken rule. */
  static String parseIpv4(char[] c, int start, int end, Parsed out) {
    int slash = end - 1;
    while (slash > start && c[slash] != '/' && end - slash <= 4) { // the length has at most 3 digits
      slash--;
    }
    if (slash <= start || c[slash] != '/') {
      return "an IPv4 prefix is a dotted-decimal address, '/', and a length (RFC 4632 §3.1)";
    }
    long addr = parseDottedQuad(c, start, slash);
    if (addr < 0) {
      return "not a dotted-decimal IPv4 address without leading zeros (RFC 3986 §3.2.2)";
    }
    int len = parseLength(c, slash + 1, end, 32);
    if (len < 0) {
      return "IPv4 prefix length must be a decimal 0..32 without leading zeros";
    }
    long hostMask = len == 32 ? 0 : (0xffffffffL >>> len);
    if ((addr & hostMask) != 0) {
      return "host bits set after the prefix length (did you mean "
          + IpPrefix.formatIpv4(addr & ~hostMask & 0xffffffffL) + "/" + len + "?)";
    }
    out.hi = 0;
    out.lo = addr;
    out.length = len;
    return OK;
  }

  /** Parses an IPv6 prefix from {@code c[start, end)}; returns null or the broken rule. */
  static String parseIpv6(char[] c, int start, int end, Parsed out) {
    int slash = indexOf(c, start, end, '/');
    if (slash < 0) {
      return "an IPv6 prefix needs a /length (RFC 5952 §7)";
    }
    if (!parseIpv6Address(c, start, slash, out.groups)) {
      return "not an IPv6 address in RFC 4291 §2.2 text form";
    }
    int len = parseLength(c, slash + 1, end, 128);
    if (len < 0) {
      return "IPv6 prefix length must be a decimal 0..128 without leading zeros";
    }
    int[] g = out.groups;
    long hi = ((long) g[0] << 48) | ((long) g[1] << 32) | ((long) g[2] << 16) | g[3];
    long lo = ((long) g[4] << 48) | ((long) g[5] << 32) | ((long) g[6] << 16) | g[7];
    long hiHost = len >= 64 ? 0 : (len == 0 ? -1L : (-1L >>> len));
    long loHost = len >= 128 ? 0 : (len <= 64 ? -1L : (-1L >>> (len - 64)));
    if ((hi & hiHost) != 0 || (lo & loHost) != 0) {
      return "host bits set after the prefix length (did you mean "
          + IpPrefix.formatIpv6(hi & ~hiHost, lo & ~loHost) + "/" + len + "?)";
    }
    out.hi = hi;
    out.lo = lo;
    out.length = len;
    return OK;
  }

  /** An RFC 3986 IPv4address in {@code c[start, end)} as an unsigned value, or -1. */
  static long parseDottedQuad(char[] c, int start, int end) {
    long addr = 0;
    int dots = 0;
    int v = 0;
    int digits = 0;
    for (int i = start; i < end; i++) {
      char ch = c[i];
      if (ch == '.') {
        if (digits == 0 || dots == 3) {
          return -1;
        }
        addr = (addr << 8) | v;
        dots++;
        v = 0;
        digits = 0;
        continue;
      }
      int d = ch - '0';
      if (d < 0 || d > 9 || (digits > 0 && v == 0)) { // a digit after a leading 0 is a leading zero
        return -1;
      }
      v = v * 10 + d;
      digits++;
      if (v > 255) {
        return -1;
      }
    }
    return dots == 3 && digits > 0 ? (addr << 8) | v : -1;
  }

  /** RFC 4291 §2.2 address text into eight 16-bit groups; false when it is not one. */
  static boolean parseIpv6Address(char[] c, int start, int end, int[] g) {
    int n = 0;
    int gap = -1;
    int i = start;
    if (i < end && c[i] == ':') {
      if (i + 1 >= end || c[i + 1] != ':') {
        return false;
      }
      gap = 0;
      i += 2;
    }
    while (i < end) {
      int j = i;
      int v = 0;
      while (j < end && j - i < 5 && hex(c[j]) >= 0) {
        v = (v << 4) | hex(c[j]);
        j++;
      }
      if (j < end && c[j] == '.') {
        long quad = parseDottedQuad(c, i, end);
        if (quad < 0 || n > 6) {
          return false;
        }
        g[n++] = (int) (quad >>> 16);
        g[n++] = (int) (quad & 0xffff);
        i = end;
        break;
      }
      if (j == i || j - i > 4 || n == 8) {
        return false;
      }
      g[n++] = v;
      i = j;
      if (i == end) {
        break;
      }
      if (c[i] != ':') {
        return false;
      }
      i++;
      if (i < end && c[i] == ':') {
        if (gap >= 0) {
          return false;
        }
        gap = n;
        i++;
      } else if (i == end) {
        return false;
      }
    }
    if (gap < 0) {
      return n == 8;
    }
    if (n > 7) {
      return false;
    }
    int tail = n - gap;
    System.arraycopy(g, gap, g, 8 - tail, tail);
    for (int k = gap; k < 8 - tail; k++) {
      g[k] = 0;
    }
    return true;
  }

  private static int parseLength(char[] c, int start, int end, int max) {
    int digits = end - start;
    if (digits < 1 || digits > 3 || (digits > 1 && c[start] == '0')) {
      return -1;
    }
    int v = 0;
    for (int i = start; i < end; i++) {
      if (c[i] < '0' || c[i] > '9') {
        return -1;
      }
      v = v * 10 + (c[i] - '0');
    }
    return v <= max ? v : -1;
  }

  private static int indexOf(char[] c, int start, int end, char x) {
    for (int i = start; i < end; i++) {
      if (c[i] == x) {
        return i;
      }
    }
    return -1;
  }

  private static int hex(char ch) {
    if (ch >= '0' && ch <= '9') {
      return ch - '0';
    }
    if (ch >= 'a' && ch <= 'f') {
      return ch - 'a' + 10;
    }
    if (ch >= 'A' && ch <= 'F') {
      return ch - 'A' + 10;
    }
    return -1;
  }
}

package org.altoredist.alto;

import java.net.Inet4Address;
import java.net.InetAddress;

/**
 * An IPv4 or IPv6 prefix in normal form. IPv4 addresses sit in the low 32 bits of {@link #lo}.
 * {@link #toString()} is the canonical text: dotted decimal for IPv4, RFC 5952 §4 for IPv6 (lower
 * case, leading zeros dropped, the longest run of two or more zero groups as "::").
 */
public record IpPrefix(boolean ipv6, long hi, long lo, int length) {

  public IpPrefix {
    if (length < 0 || length > (ipv6 ? 128 : 32) || (!ipv6 && (hi != 0 || (lo >>> 32) != 0))) {
      throw new IllegalArgumentException("not a prefix: length " + length);
    }
  }

  /**
   * Parses prefix text under the rules the network-map parser applies (see {@link PrefixText}).
   *
   * @throws IllegalArgumentException naming the broken rule
   */
  public static IpPrefix parse(String text) {
    char[] c = text.toCharArray();
    PrefixText.Parsed p = new PrefixText.Parsed();
    boolean v6 = text.indexOf(':') >= 0;
    String broken = v6 ? PrefixText.parseIpv6(c, 0, c.length, p) : PrefixText.parseIpv4(c, 0, c.length, p);
    if (broken != null) {
      throw new IllegalArgumentException(broken + ": " + text);
    }
    return new IpPrefix(v6, p.hi, p.lo, p.length);
  }

  /** Whether the address lies inside this prefix. */
  public boolean contains(InetAddress address) {
    byte[] b = address.getAddress();
    if ((b.length == 16) != ipv6) {
      return false;
    }
    if (!ipv6) {
      long a = Integer.toUnsignedLong(Addresses.ipv4(b));
      long mask = length == 0 ? 0 : (0xffffffffL << (32 - length)) & 0xffffffffL;
      return (a & mask) == lo;
    }
    long ah = Addresses.high(b);
    long al = Addresses.low(b);
    long hm = length >= 64 ? -1L : (length == 0 ? 0 : -1L << (64 - length));
    long lm = length <= 64 ? 0 : -1L << (128 - length);
    return (ah & hm) == hi && (al & lm) == lo;
  }

  @Override
  public String toString() {
    return (ipv6 ? formatIpv6(hi, lo) : formatIpv4(lo)) + "/" + length;
  }

  static String formatIpv4(long addr) {
    return ((addr >>> 24) & 0xff) + "." + ((addr >>> 16) & 0xff) + "." + ((addr >>> 8) & 0xff)
        + "." + (addr & 0xff);
  }

  static String formatIpv6(long hi, long lo) {
    int[] g = new int[8];
    for (int i = 0; i < 4; i++) {
      g[i] = (int) (hi >>> (48 - 16 * i)) & 0xffff;
      g[i + 4] = (int) (lo >>> (48 - 16 * i)) & 0xffff;
    }
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; ) {
      if (g[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append(i == 0 ? "::" : ":");
        i += bestLen - 1;
        continue;
      }
      sb.append(Integer.toHexString(g[i]));
      if (i < 7) {
        sb.append(':');
      }
    }
    return sb.toString();
  }
}

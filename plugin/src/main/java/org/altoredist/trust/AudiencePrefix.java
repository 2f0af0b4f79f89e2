package org.altoredist.trust;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * An audience prefix in canonical text only: RFC 4632 dotted decimal without leading zeros, or
 * RFC 5952 §4 IPv6 (lower case, no leading zeros, longest zero run as "::"), a length without
 * leading zeros, and no host bits. A signed descriptor has one spelling per prefix.
 */
record AudiencePrefix(byte[] network, int length) {

  private static final Pattern IPV4 = Pattern.compile(
      "(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");
  private static final Pattern IPV6_CHARS = Pattern.compile("[0-9a-f:]{2,39}");
  private static final Pattern LENGTH = Pattern.compile("0|[1-9][0-9]{0,2}");

  static AudiencePrefix parse(String text) {
    int slash = text.indexOf('/');
    if (slash < 0 || !LENGTH.matcher(text.substring(slash + 1)).matches()) {
      throw new IllegalArgumentException("audience prefix needs a /length: " + text);
    }
    String addr = text.substring(0, slash);
    boolean v6 = addr.indexOf(':') >= 0;
    // Only text already known to be a literal reaches InetAddress, so it never asks DNS.
    if (!(v6 ? IPV6_CHARS : IPV4).matcher(addr).matches()) {
      throw new IllegalArgumentException("not a canonical " + (v6 ? "IPv6" : "IPv4") + " prefix: " + text);
    }
    byte[] bytes;
    try {
      bytes = InetAddress.getByName(addr).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + text, e);
    }
    int length = Integer.parseInt(text.substring(slash + 1));
    if (bytes.length != (v6 ? 16 : 4) || length > bytes.length * 8) {
      throw new IllegalArgumentException("not a canonical prefix: " + text);
    }
    AudiencePrefix p = new AudiencePrefix(bytes, length);
    if (!p.toString().equals(text)) {
      throw new IllegalArgumentException("not in canonical form: " + text + " (canonical: " + p + ")");
    }
    return p;
  }

  boolean contains(InetAddress address) {
    byte[] a = address.getAddress();
    if (a.length != network.length) {
      return false;
    }
    for (int bit = 0; bit < length; bit++) {
      int mask = 0x80 >>> (bit & 7);
      if ((a[bit >>> 3] & mask) != (network[bit >>> 3] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** The canonical text; the network with host bits cleared, so a prefix with host bits differs. */
  @Override
  public String toString() {
    byte[] n = network.clone();
    for (int bit = length; bit < n.length * 8; bit++) {
      n[bit >>> 3] &= (byte) ~(0x80 >>> (bit & 7));
    }
    return (n.length == 4 ? ipv4(n) : ipv6(n)) + "/" + length;
  }

  private static String ipv4(byte[] b) {
    return (b[0] & 0xff) + "." + (b[1] & 0xff) + "." + (b[2] & 0xff) + "." + (b[3] & 0xff);
  }

  private static String ipv6(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xff) << 8) | (b[2 * i + 1] & 0xff);
    }
    int best = -1;
    int bestLen = 1;
    for (int i = 0; i < 8; i++) {
      int j = i;
      while (j < 8 && g[j] == 0) {
        j++;
      }
      if (j - i > bestLen) {
        best = i;
        bestLen = j - i;
      }
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == best) {
        sb.append("::");
        i += bestLen - 1;
      } else {
        if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
          sb.append(':');
        }
        sb.append(Integer.toHexString(g[i]));
      }
    }
    return sb.toString();
  }
}

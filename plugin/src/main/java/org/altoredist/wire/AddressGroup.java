package org.altoredist.wire;

import java.net.InetAddress;
import java.nio.ByteBuffer;

/**
 * What the per-address rules count as one address (bep_ar_alto.md, Limits and "Bans": connections
 * from one address, address bans): an IPv4 address, or the /64 prefix of an IPv6 address. An
 * IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}) is the IPv4 address it maps. Endpoint bans
 * and everything else that names a peer keep the exact address.
 *
 * @param ipv6 whether this is an IPv6 prefix
 * @param bits the IPv4 address (in the low 32 bits), or the IPv6 address's first 64 bits
 */
public record AddressGroup(boolean ipv6, long bits) {

  /**
   * The IPv6 prefix length that stands for one address. A host or subscriber gets at least a /64
   * (RFC 6177; 3GPP networks give each device its own, RFC 6459), hosts form as many addresses
   * in it as they like (RFC 7934) and rotate temporary ones at will (RFC 8981), and a /64 is one
   * link's subnet (RFC 4291 §2.5.1: 64-bit interface identifiers). A longer prefix lets one host
   * pass for many for free; a shorter one would make the subscribers of providers that hand out
   * a /64 each answer for each other. At most 64: a group is a prefix of the first 64 bits.
   */
  public static final int IPV6_PREFIX_LENGTH = 64;

  /** Where the IPv4 address starts in an IPv4-mapped IPv6 address (RFC 4291 §2.5.5.2). */
  private static final int IPV4_MAPPED_OFFSET = 12;

  public AddressGroup {
    if (!ipv6 && (bits >>> 32) != 0) {
      throw new IllegalArgumentException("an IPv4 address has 32 bits: " + Long.toHexString(bits));
    }
  }

  /** The group {@code address} counts in. */
  public static AddressGroup of(InetAddress address) {
    byte[] b = address.getAddress();
    if (b.length == 16 && isIpv4Mapped(b)) {
      return new AddressGroup(false, Integer.toUnsignedLong(ByteBuffer.wrap(b, IPV4_MAPPED_OFFSET, 4).getInt()));
    }
    return b.length == 4 ? new AddressGroup(false, Integer.toUnsignedLong(ByteBuffer.wrap(b).getInt()))
        : new AddressGroup(true, ByteBuffer.wrap(b).getLong() & -1L << (Long.SIZE - IPV6_PREFIX_LENGTH));
  }

  /** Whether {@code address} counts in this group. */
  public boolean contains(InetAddress address) {
    return of(address).equals(this);
  }

  /**
   * {@code ::ffff:0:0/96}: ten zero bytes, then two 0xff. InetAddress.getByAddress turns these
   * into an Inet4Address itself; Inet6Address.getByAddress keeps them as they are.
   */
  private static boolean isIpv4Mapped(byte[] b) {
    for (int i = 0; i < IPV4_MAPPED_OFFSET - 2; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return b[IPV4_MAPPED_OFFSET - 2] == (byte) 0xff && b[IPV4_MAPPED_OFFSET - 1] == (byte) 0xff;
  }

  /** The IPv4 address, or the IPv6 prefix as its four groups and a length: what logs name. */
  @Override
  public String toString() {
    return ipv6 ? String.format("%x:%x:%x:%x::/%d", bits >>> 48, (bits >>> 32) & 0xffff, (bits >>> 16) & 0xffff,
        bits & 0xffff, IPV6_PREFIX_LENGTH)
        : String.format("%d.%d.%d.%d", bits >>> 24, (bits >>> 16) & 0xff, (bits >>> 8) & 0xff, bits & 0xff);
  }
}

package org.altoredist.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** What the per-address rules count as one address (bep_ar_alto.md, Limits and "Bans"). */
class AddressGroupTest {

  private static AddressGroup of(String literal) throws UnknownHostException {
    return AddressGroup.of(InetAddress.getByName(literal));
  }

  @Test
  void anIpv6AddressCountsByItsSlash64() throws UnknownHostException {
    AddressGroup g = of("2001:db8:1:2::1");
    assertEquals(g, of("2001:db8:1:2:ffff:ffff:ffff:ffff"), "the last address of the /64");
    assertEquals(g, of("2001:db8:1:2:a1b2:c3d4:e5f6:789"), "a temporary address in it");
    assertNotEquals(g, of("2001:db8:1:3::1"), "the next /64");
    assertNotEquals(g, of("2001:db8:1:1:ffff:ffff:ffff:ffff"), "the previous /64");
  }

  @Test
  void anIpv4AddressCountsAlone() throws UnknownHostException {
    assertNotEquals(of("192.0.2.1"), of("192.0.2.2"));
    assertEquals(of("192.0.2.1"), of("192.0.2.1"));
    assertNotEquals(of("0.0.0.1"), of("::1"), "an IPv4 address is not the IPv6 prefix of the same bits");
  }

  @Test
  void anIpv4MappedIpv6AddressCountsAsItsIpv4Address() throws UnknownHostException {
    byte[] mapped = HexFormat.of().parseHex("00000000000000000000ffffc0000207");
    InetAddress kept = Inet6Address.getByAddress(null, mapped, -1);
    assertTrue(kept instanceof Inet6Address, "Java keeps this one an IPv6 address");
    assertEquals(of("192.0.2.7"), AddressGroup.of(kept));
    assertTrue(of("192.0.2.7").contains(kept));
    assertFalse(of("192.0.2.8").contains(kept));
  }

  @Test
  void logsNameTheAddressOrThePrefix() throws UnknownHostException {
    assertEquals("192.0.2.7", of("192.0.2.7").toString());
    assertEquals("2001:db8:1:2::/64", of("2001:db8:1:2:3:4:5:6").toString());
  }

  @Test
  void anIpv4GroupHasThirtyTwoBits() {
    assertThrows(IllegalArgumentException.class, () -> new AddressGroup(false, 1L << 32));
  }
}

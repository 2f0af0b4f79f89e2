package org.altoredist.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which requests a server can tell that redistribution saved it, counted by client. */
class ClientTallyTest {

  private static final String MAP = "network-map";

  @Test
  void anIpv6ClientCountsOnceByItsSlash64WhateverAddressesItRotatesThrough() throws Exception {
    ClientTally t = new ClientTally();
    for (String a : new String[] {"2001:db8:1:2::1", "2001:db8:1:2:a4c1:9f3e:77b0:1", "2001:db8:1:2:ffff::5"}) {
      t.saw(MAP, "v1", InetAddress.getByName(a));
    }
    t.saw(MAP, "v1", InetAddress.getByName("2001:db8:1:3::1"));
    assertEquals(new ClientTally.Saved(2, 0, 0), t.saved().get(MAP), "two /64s, two clients");
  }

  @Test
  void anIpv4MappedAddressIsTheIpv4Client() throws Exception {
    ClientTally t = new ClientTally();
    t.saw(MAP, "v1", InetAddress.getByName("192.0.2.7"));
    // Inet6Address keeps the mapped form, as a dual-stack socket reports an IPv4 client.
    t.saw(MAP, "v1", Inet6Address.getByAddress(null,
        new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1, -1, (byte) 192, 0, 2, 7}, -1));
    assertEquals(1, t.saved().get(MAP).known());
  }

  @Test
  void aClientThatDoesNotAskForTheNewVersionIsASavedRequest() throws Exception {
    ClientTally t = new ClientTally();
    t.saw(MAP, "v1", InetAddress.getByName("2001:db8::1"));
    t.saw(MAP, "v1", InetAddress.getByName("192.0.2.1"));
    t.saw(MAP, "v2", InetAddress.getByName("2001:db8::2"));
    assertEquals(Map.of(MAP, new ClientTally.Saved(2, 1, 0)), t.saved(),
        "another address of the same /64 asked for v2; the IPv4 client did not");
  }
}

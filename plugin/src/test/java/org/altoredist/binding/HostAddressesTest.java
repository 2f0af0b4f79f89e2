package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which address a session's listen_interfaces setting stands for (libtorrent's syntax). */
class HostAddressesTest {

  @Test
  void libtorrentsDefaultWildcardsNameNoSpecificAddress() {
    assertNull(HostAddresses.specific("0.0.0.0:6881,[::]:6881"));
    assertNull(HostAddresses.specific(""));
    assertNull(HostAddresses.specific((String) null));
  }

  @Test
  void aDeviceNameIsNoAddressAndIsNeverResolved() {
    // "localhost" would resolve to loopback if it were looked up.
    assertNull(HostAddresses.specific("eth0:6881,localhost:6881"));
  }

  @Test
  void theFirstLiteralAddressCountsWithOrWithoutPortFlags() throws Exception {
    assertEquals(InetAddress.getByName("127.0.1.5"), HostAddresses.specific("0.0.0.0:6881,127.0.1.5:6881"));
    assertEquals(InetAddress.getByName("127.0.1.6"), HostAddresses.specific(" 127.0.1.6:6881s"));
    assertEquals(InetAddress.getByName("::1"), HostAddresses.specific("[::]:6881,[::1]:7000l"));
  }

  @Test
  void theHostsAddressesComeRoutableFirstAndLoopbackLast() {
    List<InetAddress> all = HostAddresses.ofHost();
    assertFalse(all.isEmpty());
    boolean loopbackSeen = false;
    for (InetAddress a : all) {
      loopbackSeen |= a.isLoopbackAddress();
      assertTrue(!loopbackSeen || a.isLoopbackAddress(), "a routable address after loopback: " + all);
    }
  }
}

package org.altoredist.binding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.libtorrent4j.SessionManager;
import org.libtorrent4j.swig.address;
import org.libtorrent4j.swig.error_code;
import org.libtorrent4j.swig.ip_filter;

/**
 * A session with an IP filter of its own (a blocklist) when the first map applies keeps it: the
 * cost filter stays off, says it changed nothing, and puts back exactly that filter.
 */
class CostFilterBlocklistTest {

  @Test
  void aBlocklistPresentAtTheFirstMapStaysAndNoBlocksAreReported() throws Exception {
    InetAddress self = InetAddress.getByName("127.0.7.9");
    SessionManager session = LoopbackSessions.start(LoopbackSessions.settings(self, 0));
    try {
      ip_filter blocklist = new ip_filter();
      blocklist.add_rule(addr("203.0.113.0"), addr("203.0.113.255"), CostFilter.BLOCKED);
      session.swig().set_ip_filter(blocklist);
      CostFilter f = new CostFilter(session, CostFilter.OWN_PID, self);
      f.apply(SevenMaps.ranker(self));

      assertFalse(f.enable(true, "downloading"), "nothing a listener could see changed: no BLOCKS_ON");
      assertFalse(f.active());
      assertEquals(CostFilter.BLOCKED, session.swig().get_ip_filter().access(addr("203.0.113.7")), "the blocklist");
      assertEquals(0, session.swig().get_ip_filter().access(addr("198.51.100.7")), "no cost blocks");
      f.restore();
      assertEquals(CostFilter.BLOCKED, session.swig().get_ip_filter().access(addr("203.0.113.7")), "put back as it was");
    } finally {
      session.stop();
    }
  }

  private static address addr(String ip) {
    return address.from_string(ip, new error_code());
  }
}

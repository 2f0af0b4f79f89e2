package org.altoredist.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.altoredist.wire.InfoHash;
import org.junit.jupiter.api.Test;

/** The static bootstrap list, and joining several sources at once. */
class DiscoveryTest {

  static final RendezvousKey KEY = RendezvousKey.forTorrent(InfoHash.ofHex("00112233445566778899aabbccddeeff00112233"));
  static final InetSocketAddress SELF = new InetSocketAddress("127.0.1.1", 6881);

  @Test
  void aStaticListAnswersEveryKeyWithItsEndpoints() {
    List<InetSocketAddress> boot = List.of(new InetSocketAddress("127.0.2.1", 6881));
    List<List<InetSocketAddress>> found = new ArrayList<>();
    Discovery.fixed(boot).join(KEY, SELF, found::add).close();
    assertEquals(List.of(boot), found);
  }

  @Test
  void joiningAllJoinsEachAndClosingClosesEach() {
    List<String> events = new ArrayList<>();
    Discovery a = (key, self, found) -> {
      events.add("join a");
      return () -> events.add("leave a");
    };
    Discovery b = (key, self, found) -> {
      events.add("join b");
      found.accept(List.of(new InetSocketAddress("127.0.3.1", 1)));
      return () -> events.add("leave b");
    };
    List<List<InetSocketAddress>> found = new ArrayList<>();
    Discovery.Membership m = Discovery.all(List.of(a, b, Discovery.none())).join(KEY, SELF, found::add);
    m.close();
    assertEquals(List.of("join a", "join b", "leave a", "leave b"), events);
    assertEquals(1, found.size());
  }
}

package org.altoredist.engine;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where an engine finds other {@code ar_alto} endpoints: a DHT (the binding's, through libtorrent's
 * {@code dht_announce}/{@code dht_get_peers}), a tracker, a static bootstrap list, or the
 * simulation's in-memory rendezvous. Inside the extension, {@code endpoints} messages then spread
 * what each peer has seen, so one rendezvous hit finds the rest; the engine does that itself.
 *
 * <p>Implementations are thread-safe; {@code found} may be called from any thread, any number of
 * times, until the membership is closed.
 */
public interface Discovery {

  /** Announcing and looking up under one key; closing it stops both. */
  interface Membership extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Announces that this node's endpoint {@code self} is reachable under {@code key} and reports
   * endpoints found under it to {@code found}.
   */
  Membership join(RendezvousKey key, InetSocketAddress self, Consumer<List<InetSocketAddress>> found);

  /** Finds nothing; for nodes that only accept connections or are given peers another way. */
  static Discovery none() {
    return (key, self, found) -> () -> { };
  }

  /**
   * A static bootstrap list: every key finds these endpoints (the engine skips its own address and
   * any it is already connected to).
   */
  static Discovery fixed(List<InetSocketAddress> bootstrap) {
    List<InetSocketAddress> copy = List.copyOf(bootstrap);
    return (key, self, found) -> {
      found.accept(copy);
      return () -> { };
    };
  }

  /** Every source at once: joining joins all of them. */
  static Discovery all(List<Discovery> sources) {
    List<Discovery> copy = List.copyOf(sources);
    return (key, self, found) -> {
      List<Membership> joined = new ArrayList<>();
      for (Discovery d : copy) {
        joined.add(d.join(key, self, found));
      }
      return () -> joined.forEach(Membership::close);
    };
  }
}

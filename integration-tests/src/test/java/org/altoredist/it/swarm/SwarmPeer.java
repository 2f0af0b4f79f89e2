package org.altoredist.it.swarm;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** One client in a test swarm, whatever program runs it. */
public interface SwarmPeer extends AutoCloseable {

  /** Client kind and address, for messages: {@code transmission@127.0.3.1}. */
  String name();

  /** Where it accepts peer connections. */
  InetSocketAddress listenAddress();

  /** Where its copy of the content is saved. */
  Path downloadDir();

  /** Fraction of the content the client reports verified, 0 to 1; NaN while it cannot tell. */
  double progress();

  /** Whether this client only accepts connections (Transmission never dials loopback peers). */
  default boolean passiveOnly() {
    return false;
  }

  /** Log tail or status, quoted when a test fails. */
  String diagnostics();

  @Override
  void close();
}

package org.altoredist.it.swarm;

import java.net.InetAddress;
import java.util.List;
import java.util.Set;

/**
 * A vanilla client whose own alerts or log say why it dropped connections: the swarm tests check
 * that none was dropped for breaking the peer wire, which is what a client does to a peer that
 * sends an extended message it never advertised or one over its size cap.
 */
public interface DisconnectLog {

  /** What the client logged about dropping connections from {@code peers} for a protocol error. */
  List<String> protocolDrops(Set<InetAddress> peers);
}

package org.altoredist.it.swarm;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import org.altoredist.engine.EngineStats;
import org.altoredist.engine.HeldResource;

/** An ALTO-enabled client of either transport, as the swarm driver sees it. */
public interface AltoNode extends SwarmPeer {

  List<HeldResource> held();

  /** The version held of a resource ({@code null} for the root IRD), or null if none is. */
  default HeldResource held(String resourceId) {
    return held().stream().filter(h -> Objects.equals(h.resourceId(), resourceId)).findFirst().orElse(null);
  }

  EngineStats stats();

  /** Where other ALTO peers reach its ar_alto: its endpoint, or (in-wire) its content port. */
  InetSocketAddress altoAddress();

  /** Whether it ranks peers with the maps it holds. */
  boolean ranks();
}

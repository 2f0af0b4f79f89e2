package org.altoredist.engine;

import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owner's {@link EngineEvents}, called so that a listener that throws loses its own event and
 * nothing else: the engine tells it in the middle of its work (a peer is dropped before it is banned
 * and disconnected, a map installed before it is announced), and an exception escaping there would
 * leave that work half done, a forger connected and unbanned.
 */
final class GuardedEvents implements EngineEvents {

  private static final Logger log = LoggerFactory.getLogger(GuardedEvents.class);

  private final EngineEvents owner;

  GuardedEvents(EngineEvents owner) {
    this.owner = owner;
  }

  /** The owner's {@code onInstalled}, under the same guard. */
  static Consumer<HeldResource> guarded(Consumer<HeldResource> onInstalled) {
    return held -> {
      try {
        onInstalled.accept(held);
      } catch (RuntimeException e) {
        log.warn("the engine's onInstalled listener failed on {} sequence {}", held.resourceId(), held.sequence(), e);
      }
    };
  }

  @Override
  public void mapInstalled(HeldResource held) {
    try {
      owner.mapInstalled(held);
    } catch (RuntimeException e) {
      log.warn("the engine's listener failed on an installed map ({} sequence {})", held.resourceId(),
          held.sequence(), e);
    }
  }

  @Override
  public void mapRefused(MapRefusal refusal) {
    try {
      owner.mapRefused(refusal);
    } catch (RuntimeException e) {
      log.warn("the engine's listener failed on a refused map ({} from {})", refusal.resourceId(), refusal.senders(),
          e);
    }
  }

  @Override
  public void peerDropped(PeerDrop drop) {
    try {
      owner.peerDropped(drop);
    } catch (RuntimeException e) {
      log.warn("peer {}: the engine's listener failed on its drop ({})", drop.peer(), drop.reason(), e);
    }
  }
}

package org.altoredist.engine;

import java.util.function.Consumer;
import java.util.function.Supplier;
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
    return held -> call(() -> onInstalled.accept(held), () -> "onInstalled, " + installed(held));
  }

  @Override
  public void mapInstalled(HeldResource held) {
    call(() -> owner.mapInstalled(held), () -> installed(held));
  }

  @Override
  public void mapRefused(MapRefusal refusal) {
    call(() -> owner.mapRefused(refusal), () -> "a refused map (" + refusal.resourceId() + " from " + refusal.senders()
        + ")");
  }

  @Override
  public void peerDropped(PeerDrop drop) {
    call(() -> owner.peerDropped(drop), () -> "peer " + drop.peer() + "'s drop (" + drop.reason() + ")");
  }

  private static String installed(HeldResource held) {
    return "an installed map (" + held.resourceId() + " sequence " + held.sequence() + ")";
  }

  /** Runs one call to the owner's listener; what it throws is logged, naming {@code event}, and goes no further. */
  private static void call(Runnable listener, Supplier<String> event) {
    try {
      listener.run();
    } catch (RuntimeException e) {
      log.warn("the engine's listener failed on {}", event.get(), e);
    }
  }
}

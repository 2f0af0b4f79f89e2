package org.altoredist.binding;

import org.altoredist.engine.EngineEvents;

/**
 * What an attached {@link AltoPlugin} tells the client as it happens: maps installed (and from
 * where), maps refused (with the verifier's typed reason), peers dropped (with the reason), and
 * changes in how it steers libtorrent. Map and peer events come on the engine's thread, steering
 * changes on the steering thread; each method must return quickly and must not throw. Every method
 * does nothing unless overridden. Register with {@link AltoPlugin.Builder#listener}.
 */
public interface AltoListener extends EngineEvents {

  /** The steering changed what it makes libtorrent do. */
  default void steeringChanged(SteeringChange change) {}

  /**
   * One change in the steering.
   *
   * @param torrent the info-hash (hex) it concerns; null for the whole session
   * @param detail what changed and why, for a log
   */
  record SteeringChange(Kind kind, String torrent, String detail) {

    /** What changed. */
    public enum Kind {
      /** A new network map version's peer classes and cost filter are in force. */
      MAP_APPLIED,
      /** The cost filter now blocks PIDs costlier than this node's own. */
      BLOCKS_ON,
      /** The cost filter blocks nobody now. */
      BLOCKS_OFF,
      /** A starving torrent's relief changed: more, fewer or other blocked peers are let through. */
      RELIEF
    }
  }
}

package org.altoredist.engine.sim.compact;

import java.time.Duration;
import org.altoredist.engine.sim.Simulation;
import org.altoredist.wire.WireLimits;

/**
 * The engine's numbers the model decides by, each the value the engine uses in the simulation's
 * configuration (its defaults, or what {@link Simulation} passes to its builder). The engine keeps
 * them package-private; {@code RulesMatchTheEngineTest} reads them there and fails when one moves.
 */
final class Rules {

  private Rules() {}

  /** RedistributionEngine.Builder's default request timeout. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
  /** RedistributionEngine.Builder's default: requests in a row a peer may let lapse before it is dropped. */
  static final int MAX_CONSECUTIVE_TIMEOUTS = 4;
  /** RedistributionEngine.Builder's default ban of a dropped peer. */
  static final Duration BAN = Duration.ofHours(1);
  /** RedistributionEngine.Builder's default backoff after a failed server fetch. */
  static final Duration BACKOFF_BASE = Duration.ofSeconds(2);
  static final Duration BACKOFF_MAX = Duration.ofMinutes(10);
  /** The jitter {@link Simulation} gives the fallback delay. */
  static final double FALLBACK_JITTER = 0.5;
  /** Download.ENDGAME_FACTOR and Download.MIN_ENDGAME_NANOS. */
  static final int ENDGAME_FACTOR = 4;
  static final long MIN_ENDGAME_NANOS = 500_000_000L;
  /** Download.STALLED_HOLDER_FACTOR. */
  static final int STALLED_HOLDER_FACTOR = 2;
  /** Download.DEFAULT_ANSWER_NANOS: with no answer known, an answer is expected within a second. */
  static final long DEFAULT_ANSWER_NANOS = 1_000_000_000L;
  /** Uploads.BACKLOG_WAIT_NANOS: a new requester is turned away when the uplink's backlog would hold it longer. */
  static final long BACKLOG_WAIT_NANOS = 300_000_000L;
  /**
   * Peers.MIN_BUSY_BACKOFF_NANOS and MAX_BUSY_BACKOFF_NANOS: a busy holder is left alone a round
   * trip within these.
   */
  static final long MIN_BUSY_BACKOFF_NANOS = 50_000_000L;
  static final long MAX_BUSY_BACKOFF_NANOS = 2_000_000_000L;
  /** StepDown.IDLE_NANOS. */
  static final long STEP_DOWN_IDLE_NANOS = 1_000_000_000L;
  /** Connections.MAX_CANDIDATES. */
  static final int MAX_CANDIDATES = 128;
  /** The request queue a session accepts and a requester fills (WireConfig.defaults()). */
  static final int MAX_OUTSTANDING = WireLimits.MAX_OUTSTANDING_REQUESTS;
  /** Announcer.RETRY_NANOS: after a refused inventory, the average spacing the rate allows. */
  static final long INVENTORY_RETRY_NANOS = WireLimits.ANNOUNCE_INTERVAL.toNanos() / WireLimits.INVENTORY_BURST;
  /** Connections: after a refused endpoints message. */
  static final long ENDPOINTS_RETRY_NANOS = WireLimits.ANNOUNCE_INTERVAL.toNanos() / WireLimits.ENDPOINTS_BURST;
}

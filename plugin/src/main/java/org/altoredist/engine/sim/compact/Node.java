package org.altoredist.engine.sim.compact;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One simulated host and the state its engine would hold: links and peers, dial candidates, held
 * versions, downloads, server fallback, and its uplink queue. The decisions live in {@link Peers},
 * {@link Transfers} and {@link Fallbacks}; this is their state. Parts most nodes do not need most of
 * the time (downloads, fallback, uplink, bans) are allocated when needed.
 */
final class Node {

  final int id;
  final boolean reachable;
  final int upload;
  final SplittableRandom random;
  boolean online;
  int joinRound;

  /** Every connection end, in creation order; and the engine's peers among them, in the order they opened. */
  final List<Link> links = new ArrayList<>(8);
  final List<Link> peers = new ArrayList<>(8);
  private int[] dialing = new int[4];
  private int dialingCount;
  /** Endpoints to dial, oldest first, at most {@link Rules#MAX_CANDIDATES}; the same sorted, to look one up. */
  private int[] candidates;
  private int[] sortedCandidates;
  private int candidateCount;
  private Map<Integer, Long> bannedUntil;
  boolean endpointsChanged;
  int openCounter;

  /** Newest version held per resource (0: none), and the downloads under way (null: none). */
  final int[] held = new int[3];
  Fetch[] fetches;
  Fallbacks.Waiting waiting;
  /** Installs are collecting for one inventory to every peer, sent when the batch delay is over. */
  boolean inventoryBatchPending;
  /** Resources a seeder's refresh under way has asked for (bit per resource); -1 when none is under way. */
  int refreshed = -1;

  ArrayDeque<Frame> uplink;
  /** Bytes on the uplink not yet transmitted: what the engine reads as its links' queued bytes. */
  long queued;
  long budget;
  int lastTransmit;
  boolean transmitting;
  /** Requests outstanding at its peers, all links together. */
  int outstanding;
  /** The round of the tick scheduled for it, or -1. */
  int nextTick = -1;

  Node(int id, boolean reachable, int upload, long seed) {
    this.id = id;
    this.reachable = reachable;
    this.upload = upload;
    this.random = new SplittableRandom(seed * 1_000_003L + id);
    this.budget = upload;
  }

  // ---- dialling and candidates (the engine's Connections) ----

  int dialing() {
    return dialingCount;
  }

  boolean isDialing(int node) {
    for (int i = 0; i < dialingCount; i++) {
      if (dialing[i] == node) {
        return true;
      }
    }
    return false;
  }

  void addDialing(int node) {
    if (dialingCount == dialing.length) {
      dialing = Arrays.copyOf(dialing, 2 * dialingCount);
    }
    dialing[dialingCount++] = node;
  }

  void removeDialing(int node) {
    for (int i = 0; i < dialingCount; i++) {
      if (dialing[i] == node) {
        dialing[i] = dialing[--dialingCount];
        return;
      }
    }
  }

  int candidateCount() {
    return candidateCount;
  }

  int candidate(int i) {
    return candidates[i];
  }

  /** Adds a candidate unless known, forgetting the oldest beyond the bound (a LinkedHashSet's order). */
  void learn(int node) {
    if (candidates == null) {
      candidates = new int[16];
      sortedCandidates = new int[16];
    }
    if (Arrays.binarySearch(sortedCandidates, 0, candidateCount, node) >= 0) {
      return;
    }
    if (candidateCount == Rules.MAX_CANDIDATES) {
      forgetCandidate(candidates[0]);
    } else if (candidateCount == candidates.length) {
      int grown = Math.min(Rules.MAX_CANDIDATES, 2 * candidateCount);
      candidates = Arrays.copyOf(candidates, grown);
      sortedCandidates = Arrays.copyOf(sortedCandidates, grown);
    }
    int at = -Arrays.binarySearch(sortedCandidates, 0, candidateCount, node) - 1;
    System.arraycopy(sortedCandidates, at, sortedCandidates, at + 1, candidateCount - at);
    sortedCandidates[at] = node;
    candidates[candidateCount++] = node;
  }

  void forgetCandidate(int node) {
    int at = candidates == null ? -1 : Arrays.binarySearch(sortedCandidates, 0, candidateCount, node);
    if (at < 0) {
      return;
    }
    System.arraycopy(sortedCandidates, at + 1, sortedCandidates, at, candidateCount - at - 1);
    for (int i = 0; i < candidateCount; i++) {
      if (candidates[i] == node) {
        System.arraycopy(candidates, i + 1, candidates, i, candidateCount - i - 1);
        break;
      }
    }
    candidateCount--;
  }

  void ban(int node, long untilNanos) {
    if (bannedUntil == null) {
      bannedUntil = new HashMap<>();
    }
    bannedUntil.put(node, untilNanos);
    forgetCandidate(node);
  }

  boolean banned(int node, long nowNanos) {
    Long until = bannedUntil == null ? null : bannedUntil.get(node);
    return until != null && nowNanos < until;
  }

  // ---- what it holds and fetches ----

  Fetch fetch(int resource) {
    return fetches == null ? null : fetches[resource];
  }

  void fetching(int resource, Fetch f) {
    if (fetches == null) {
      if (f == null) {
        return;
      }
      fetches = new Fetch[3];
    }
    fetches[resource] = f;
    if (f == null && fetches[0] == null && fetches[1] == null && fetches[2] == null) {
      fetches = null;
    }
  }

  boolean holdsDirectory() {
    return held[0] > 0;
  }

  /** The engine's idea of "holds everything wanted": once the IRD is held, all three resources are wanted. */
  boolean holdsAll(int version) {
    return held[0] >= version && held[1] >= version && held[2] >= version;
  }
}

package org.altoredist.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * How the demo's peers fall into PIDs. The default deals them round robin, with the seeder in
 * pid-1; the others are the uneven layouts where a wall would starve someone, each one peer of
 * steering's promise that every peer completes however the peers happen to fall into PIDs.
 */
enum DemoLayout {
  /** Round robin over every PID; the seeder in pid-1. */
  ROUND_ROBIN("round-robin", 1),
  /** The seeder alone in pid-1; every other peer round robin over the other PIDs. */
  SEEDER_ALONE("seeder-alone", 2),
  /** One ALTO peer alone in the last PID; the rest round robin over the others. */
  ALTO_ALONE("alto-alone", 2),
  /** The last PID holds every vanilla peer and no ALTO peer. */
  VANILLA_PID("vanilla-pid", 2),
  /** 90 % of the peers in pid-1 with the seeder; the rest round robin over the others. */
  CROWDED("crowded", 2),
  /**
   * Two peers to a PID, the seeder included: downloaders dealt round robin from pid-2 on, so pid-1
   * holds the seeder and one of them (run it with 15 downloaders in 8 PIDs: 8 PIDs of 2 peers).
   */
  PAIRS("pairs", 2),
  /** The last PID holds only ALTO peers, with a share of them; vanilla peers elsewhere. */
  ALTO_PID("alto-pid", 2),
  /** Round robin; the seeder leaves once the others together hold one full copy. */
  SEEDER_LEAVES("seeder-leaves", 1);

  /** One downloader: its kind and PID (1-based). */
  record Slot(boolean alto, int pid) {}

  private final String flag;
  private final int minPids;

  DemoLayout(String flag, int minPids) {
    this.flag = flag;
    this.minPids = minPids;
  }

  /** The name on the command line. */
  String flag() {
    return flag;
  }

  static DemoLayout of(String flag) {
    for (DemoLayout l : values()) {
      if (l.flag.equals(flag)) {
        return l;
      }
    }
    throw new IllegalArgumentException("no layout " + flag + "; one of " + names());
  }

  static List<String> names() {
    List<String> n = new ArrayList<>();
    for (DemoLayout l : values()) {
      n.add(l.flag);
    }
    return n;
  }

  /** Why this layout cannot place these peers, or null when it can. */
  String refuse(int alto, int vanilla, int pids) {
    if (pids < minPids) {
      return "layout " + flag + " needs at least " + minPids + " PIDs";
    }
    return switch (this) {
      case ALTO_ALONE -> alto < 2 ? "layout alto-alone needs at least 2 ALTO peers" : null;
      case VANILLA_PID -> vanilla < 1 ? "layout vanilla-pid needs vanilla peers" : null;
      case PAIRS -> alto + vanilla + 1 > 2 * pids
          ? "layout pairs puts at most 2 peers, the seeder included, in a PID: use more PIDs" : null;
      default -> null;
    };
  }

  /** The seeder's PID. */
  int seederPid() {
    return 1;
  }

  /** Places {@code alto} ALTO peers, then {@code vanilla} vanilla peers, in {@code pids} PIDs. */
  List<Slot> place(int alto, int vanilla, int pids) {
    List<Slot> slots = new ArrayList<>();
    switch (this) {
      case SEEDER_ALONE -> {
        roundRobin(slots, true, alto, 2, pids);
        roundRobin(slots, false, vanilla, 2, pids);
      }
      case ALTO_ALONE -> {
        roundRobin(slots, true, alto - 1, 1, pids - 1);
        slots.add(new Slot(true, pids));
        roundRobin(slots, false, vanilla, 1, pids - 1);
      }
      case VANILLA_PID -> {
        roundRobin(slots, true, alto, 1, pids - 1);
        roundRobin(slots, false, vanilla, pids, pids);
      }
      case CROWDED -> {
        int crowd = (int) Math.round(0.9 * (alto + vanilla));
        int altoIn = (int) Math.round((double) crowd * alto / Math.max(1, alto + vanilla));
        roundRobin(slots, true, altoIn, 1, 1);
        roundRobin(slots, true, alto - altoIn, 2, pids);
        roundRobin(slots, false, crowd - altoIn, 1, 1);
        roundRobin(slots, false, vanilla - (crowd - altoIn), 2, pids);
      }
      case PAIRS -> {
        // The seeder holds pid-1's first place; ALTO peers are dealt first, so some PIDs hold two
        // of them (a gateway and a blocked peer with one local source) and the rest one beside a
        // vanilla peer.
        for (int k = 0; k < alto + vanilla; k++) {
          slots.add(new Slot(k < alto, 1 + (k + 1) % pids));
        }
      }
      case ALTO_PID -> {
        int share = Math.max(1, alto / pids);
        roundRobin(slots, true, share, pids, pids);
        roundRobin(slots, true, alto - share, 1, pids - 1);
        roundRobin(slots, false, vanilla, 1, pids - 1);
      }
      default -> {
        roundRobin(slots, true, alto, 1, pids);
        roundRobin(slots, false, vanilla, 1, pids);
      }
    }
    return slots;
  }

  /** Whether the seeder leaves once one full copy exists among the others. */
  boolean seederLeaves() {
    return this == SEEDER_LEAVES;
  }

  private static void roundRobin(List<Slot> slots, boolean alto, int n, int first, int last) {
    for (int i = 0; i < n; i++) {
      slots.add(new Slot(alto, first + i % (last - first + 1)));
    }
  }
}

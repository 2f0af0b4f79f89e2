package org.altoredist.alto;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Longest-prefix match from an IP address to its PID (RFC 7285 §11.2.2), built once per network
 * map version. Immutable and safe to share between threads.
 *
 * <p>The prefixes are flattened into disjoint ranges (at most 2n+1), so a lookup is "the last range
 * starting at or before the address". A 65,536-entry directory on the address's top 16 bits narrows
 * that to the few ranges of its /16 before a binary search, which keeps a lookup to one or two
 * cache misses on a 100,000-prefix ISP map. Memory: about 12 bytes per IPv4 range and 20 per IPv6
 * range, plus 512 KiB of directories.
 */
public final class PidIndex {

  private static final int DIRECTORY = 1 << 16;

  private final List<String> pids;
  private final int[] v4Start; // unsigned starts with the sign bit flipped, so int compare orders them
  private final int[] v4Pid;
  private final int[] v4Dir;
  private final long[] v6Hi;
  private final long[] v6Lo;
  private final int[] v6Pid;
  private final int[] v6Dir;

  PidIndex(List<String> pids, RangeSweep v4, RangeSweep v6) {
    this.pids = pids;
    v4Start = new int[v4.count];
    v4Pid = new int[v4.count];
    for (int i = 0; i < v4.count; i++) {
      v4Start[i] = (int) v4.startLo[i] ^ Integer.MIN_VALUE;
      v4Pid[i] = v4.pid[i];
    }
    v4Dir = new int[DIRECTORY + 1];
    int r = 0;
    for (int b = 0; b < DIRECTORY; b++) {
      int key = (b << 16) ^ Integer.MIN_VALUE;
      while (r + 1 < v4Start.length && v4Start[r + 1] <= key) {
        r++;
      }
      v4Dir[b] = r;
    }
    v4Dir[DIRECTORY] = v4Start.length - 1;

    v6Hi = Arrays.copyOf(v6.startHi, v6.count);
    v6Lo = Arrays.copyOf(v6.startLo, v6.count);
    v6Pid = Arrays.copyOf(v6.pid, v6.count);
    v6Dir = new int[DIRECTORY + 1];
    r = 0;
    for (int b = 0; b < DIRECTORY; b++) {
      long blockStart = (long) b << 48;
      while (r + 1 < v6Hi.length && startsAtOrBefore(r + 1, blockStart, 0)) {
        r++;
      }
      v6Dir[b] = r;
    }
    v6Dir[DIRECTORY] = v6Hi.length - 1;
  }

  /** The PID names, in the order the indexes returned by lookups refer to. */
  public List<String> pids() {
    return pids;
  }

  /** The index into {@link #pids()} of the PID holding this IPv4 address, or -1 for none. */
  public int indexOfIpv4(int address) {
    int lo = v4Dir[address >>> 16];
    int hi = v4Dir[(address >>> 16) + 1];
    int key = address ^ Integer.MIN_VALUE;
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (v4Start[mid] <= key) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return v4Pid[lo];
  }

  /** The index into {@link #pids()} of the PID holding this IPv6 address, or -1 for none. */
  public int indexOfIpv6(long high, long low) {
    int block = (int) (high >>> 48);
    int lo = v6Dir[block];
    int hi = v6Dir[block + 1];
    while (lo < hi) {
      int mid = (lo + hi + 1) >>> 1;
      if (startsAtOrBefore(mid, high, low)) {
        lo = mid;
      } else {
        hi = mid - 1;
      }
    }
    return v6Pid[lo];
  }

  private boolean startsAtOrBefore(int range, long high, long low) {
    int c = Long.compareUnsigned(v6Hi[range], high);
    return c < 0 || (c == 0 && Long.compareUnsigned(v6Lo[range], low) <= 0);
  }

  /** The index of the PID holding this address, or -1 for none. */
  public int indexOf(InetAddress address) {
    byte[] b = address.getAddress();
    return b.length == 4 ? indexOfIpv4(Addresses.ipv4(b)) : indexOfIpv6(Addresses.high(b), Addresses.low(b));
  }

  /** The name of the PID holding this address, or null when the map does not cover it. */
  public String pidOf(InetAddress address) {
    int i = indexOf(address);
    return i < 0 ? null : pids.get(i);
  }

  /**
   * The IPv4 address ranges that map to one PID, as inclusive [first, last] pairs of unsigned
   * 32-bit values in address order: exactly the addresses longest-prefix match gives that PID,
   * more specific prefixes of other PIDs already cut out. What an address filter needs.
   */
  public List<long[]> ipv4Ranges(int pid) {
    List<long[]> out = new java.util.ArrayList<>();
    for (int i = 0; i < v4Pid.length; i++) {
      if (v4Pid[i] == pid) {
        long first = Integer.toUnsignedLong(v4Start[i] ^ Integer.MIN_VALUE);
        long last = i + 1 < v4Pid.length ? Integer.toUnsignedLong(v4Start[i + 1] ^ Integer.MIN_VALUE) - 1 : 0xffffffffL;
        out.add(new long[] {first, last});
      }
    }
    return out;
  }

  /** Number of disjoint ranges, IPv4 and IPv6 together; a measure of the index's size. */
  public int rangeCount() {
    return v4Start.length + v6Hi.length;
  }
}

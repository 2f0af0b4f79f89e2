package org.altoredist.alto;

import java.util.Arrays;

/**
 * Turns prefixes sorted by (start, length) into disjoint address ranges, each carrying the PID of
 * its longest matching prefix (RFC 7285 §11.2.2) or -1 where no prefix covers it. Addresses are
 * 128-bit values as (hi, lo) pairs, IPv4 ones in the low 32 bits of lo.
 *
 * <p>CIDR prefixes either nest or are disjoint, so a stack of enclosing prefixes suffices: a range
 * starts wherever the innermost enclosing prefix changes. The result has at most 2n+1 ranges.
 */
final class RangeSweep {

  /** High words of range starts; IPv4 sweeps leave it empty, their starts fit in {@link #startLo}. */
  long[] startHi;
  long[] startLo;
  int[] pid;
  int count;

  private final long maxHi;
  private final long maxLo;
  private long[] stackEndHi = new long[16];
  private long[] stackEndLo = new long[16];
  private int[] stackPid = new int[16];
  private int depth;
  private long curHi;
  private long curLo;
  private boolean exhausted;

  RangeSweep(boolean ipv6, int expectedPrefixes) {
    this.maxHi = ipv6 ? -1L : 0;
    this.maxLo = ipv6 ? -1L : 0xffffffffL;
    int cap = Math.max(4, 2 * expectedPrefixes + 1);
    startHi = new long[ipv6 ? cap : 0];
    startLo = new long[cap];
    pid = new int[cap];
  }

  /** Feeds the next prefix; prefixes must come sorted by start, then by length. */
  void add(long hi, long lo, int length, int pidIndex) {
    long endHi;
    long endLo;
    if (!ipv6()) {
      endHi = 0;
      endLo = length == 32 ? lo : lo | (0xffffffffL >>> length);
    } else if (length < 64) {
      endHi = hi | (-1L >>> length);
      endLo = -1L;
    } else {
      endHi = hi;
      endLo = length == 128 ? lo : lo | (-1L >>> (length - 64));
    }
    while (depth > 0 && lessThan(stackEndHi[depth - 1], stackEndLo[depth - 1], hi, lo)) {
      closeTop();
    }
    if (!exhausted && lessThan(curHi, curLo, hi, lo)) {
      emit(depth == 0 ? -1 : stackPid[depth - 1]);
      curHi = hi;
      curLo = lo;
    }
    push(endHi, endLo, pidIndex);
  }

  /** Closes every open prefix and the uncovered tail of the address space. */
  void finish() {
    while (depth > 0) {
      closeTop();
    }
    if (!exhausted) {
      emit(-1);
      exhausted = true;
    }
  }

  /** Whether some range is covered by no prefix: the map is not complete (RFC 7285 §11.2.2). */
  int firstGap() {
    for (int i = 0; i < count; i++) {
      if (pid[i] < 0) {
        return i;
      }
    }
    return -1;
  }

  private boolean ipv6() {
    return maxHi != 0;
  }

  private void closeTop() {
    depth--;
    long eh = stackEndHi[depth];
    long el = stackEndLo[depth];
    if (!exhausted && !lessThan(eh, el, curHi, curLo)) {
      emit(stackPid[depth]);
      if (eh == maxHi && el == maxLo) {
        exhausted = true;
      } else {
        curLo = el + 1;
        curHi = curLo == 0 ? eh + 1 : eh;
      }
    }
  }

  private void emit(int p) {
    if (count > 0 && pid[count - 1] == p) {
      return;
    }
    if (count == pid.length) {
      int cap = count * 2;
      startHi = Arrays.copyOf(startHi, ipv6() ? cap : 0);
      startLo = Arrays.copyOf(startLo, cap);
      pid = Arrays.copyOf(pid, cap);
    }
    if (ipv6()) {
      startHi[count] = curHi;
    }
    startLo[count] = curLo;
    pid[count] = p;
    count++;
  }

  private void push(long eh, long el, int p) {
    if (depth == stackPid.length) {
      stackEndHi = Arrays.copyOf(stackEndHi, depth * 2);
      stackEndLo = Arrays.copyOf(stackEndLo, depth * 2);
      stackPid = Arrays.copyOf(stackPid, depth * 2);
    }
    stackEndHi[depth] = eh;
    stackEndLo[depth] = el;
    stackPid[depth] = p;
    depth++;
  }

  static boolean lessThan(long aHi, long aLo, long bHi, long bLo) {
    int c = Long.compareUnsigned(aHi, bHi);
    return c < 0 || (c == 0 && Long.compareUnsigned(aLo, bLo) < 0);
  }
}

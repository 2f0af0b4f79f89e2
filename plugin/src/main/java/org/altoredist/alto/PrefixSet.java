package org.altoredist.alto;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The prefixes of one address family, gathered while a network map is parsed, then sorted and
 * checked for the two RFC 7285 §11.2.2 properties: non-overlapping (no prefix in two PIDs) and
 * complete (every address in some PID).
 */
final class PrefixSet {

  /** PID indexes share a packed sort key with the address and length; 20 bits of it. */
  static final int MAX_PIDS = 1 << 20;

  private final boolean ipv6;
  private long[] hi = new long[64];
  private long[] lo = new long[64];
  private int[] lengthAndPid = new int[64];
  private int size;

  PrefixSet(boolean ipv6) {
    this.ipv6 = ipv6;
  }

  boolean ipv6() {
    return ipv6;
  }

  int size() {
    return size;
  }

  void add(long h, long l, int length, int pidIndex) {
    if (size == lo.length) {
      int cap = size * 2;
      if (ipv6) {
        hi = Arrays.copyOf(hi, cap);
      }
      lo = Arrays.copyOf(lo, cap);
      lengthAndPid = Arrays.copyOf(lengthAndPid, cap);
    }
    if (ipv6) {
      hi[size] = h;
    }
    lo[size] = l;
    lengthAndPid[size] = (length << 20) | pidIndex;
    size++;
  }

  /**
   * Sorts the prefixes, reports overlaps and gaps, and returns the flattened ranges. Errors name
   * the PIDs involved: the prefix's position in its array is not kept, to keep a million-prefix
   * map cheap.
   */
  RangeSweep build(List<String> pids, ErrorSink errors) {
    String family = ipv6 ? Identifiers.IPV6 : Identifiers.IPV4;
    RangeSweep sweep = new RangeSweep(ipv6, size);
    sortInPlace();
    long pHi = 0;
    long pLo = 0;
    int pLenPid = -1;
    for (int k = 0; k < size; k++) {
      long h = ipv6 ? hi[k] : 0;
      long l = lo[k];
      int lp = lengthAndPid[k];
      int length = lp >>> 20;
      int pid = lp & (MAX_PIDS - 1);
      if (pLenPid >= 0 && h == pHi && l == pLo && (pLenPid >>> 20) == length
          && (pLenPid & (MAX_PIDS - 1)) != pid) {
        String other = pids.get(pLenPid & (MAX_PIDS - 1));
        errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "network-map/" + pids.get(pid) + "/" + family,
            new IpPrefix(ipv6, h, l, length).toString(),
            "the same prefix is also in PID \"" + other + "\": a network map must be non-overlapping (RFC 7285 §11.2.2)");
      }
      pHi = h;
      pLo = l;
      pLenPid = lp;
      sweep.add(h, l, length, pid);
    }
    sweep.finish();
    int gap = sweep.firstGap();
    if (gap >= 0 && size > 0) {
      errors.add(ErrorCode.E_INVALID_FIELD_VALUE, "network-map", null,
          "no PID covers " + family + " " + describeRange(sweep, gap)
              + ": a network map must be complete for each address type it contains (RFC 7285 §11.2.2;"
              + " add " + (ipv6 ? "::/0" : "0.0.0.0/0") + " to a default PID)");
    }
    return sweep;
  }

  /**
   * Sorts by (address, length). IPv4 packs both with the PID into one long and radix-sorts the 40
   * key bits, which is what keeps a million-prefix map near Jackson's own tokenizing speed (a
   * comparison sort took as long as the whole parse); IPv6 sorts an index array, then permutes.
   */
  private void sortInPlace() {
    if (!ipv6) {
      long[] keys = new long[size];
      for (int i = 0; i < size; i++) {
        keys[i] = (lo[i] << 28) | (lengthAndPid[i] & 0x0fffffffL);
      }
      radixSort(keys, 20, 60);
      for (int i = 0; i < size; i++) {
        lo[i] = keys[i] >>> 28;
        lengthAndPid[i] = (int) (keys[i] & 0x0fffffffL);
      }
      return;
    }
    Integer[] idx = new Integer[size];
    for (int i = 0; i < size; i++) {
      idx[i] = i;
    }
    Arrays.sort(idx, (a, b) -> {
      int c = Long.compareUnsigned(hi[a], hi[b]);
      if (c == 0) {
        c = Long.compareUnsigned(lo[a], lo[b]);
      }
      return c != 0 ? c : Integer.compare(lengthAndPid[a], lengthAndPid[b]);
    });
    long[] h = new long[size];
    long[] l = new long[size];
    int[] lp = new int[size];
    for (int i = 0; i < size; i++) {
      h[i] = hi[idx[i]];
      l[i] = lo[idx[i]];
      lp[i] = lengthAndPid[idx[i]];
    }
    hi = h;
    lo = l;
    lengthAndPid = lp;
  }

  private static final int RADIX_BITS = 11;

  /** Stable LSD radix sort of {@code a} by bits [from, to); passes where all keys agree are skipped. */
  static void radixSort(long[] a, int from, int to) {
    int n = a.length;
    long[] src = a;
    long[] dst = new long[n];
    int[] count = new int[1 << RADIX_BITS];
    int mask = (1 << RADIX_BITS) - 1;
    for (int shift = from; shift < to; shift += RADIX_BITS) {
      Arrays.fill(count, 0);
      for (int i = 0; i < n; i++) {
        count[(int) (src[i] >>> shift) & mask]++;
      }
      if (n == 0 || count[(int) (src[0] >>> shift) & mask] == n) {
        continue;
      }
      for (int b = 0, sum = 0; b <= mask; b++) {
        int c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (int i = 0; i < n; i++) {
        dst[count[(int) (src[i] >>> shift) & mask]++] = src[i];
      }
      long[] t = src;
      src = dst;
      dst = t;
    }
    if (src != a) {
      System.arraycopy(src, 0, a, 0, n);
    }
  }

  /** The prefixes of one PID in address order, after {@link #build}; a scan, not for hot paths. */
  List<IpPrefix> prefixesOf(int pidIndex) {
    List<IpPrefix> out = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      if ((lengthAndPid[i] & (MAX_PIDS - 1)) == pidIndex) {
        out.add(new IpPrefix(ipv6, ipv6 ? hi[i] : 0, lo[i], lengthAndPid[i] >>> 20));
      }
    }
    return out;
  }

  private String describeRange(RangeSweep s, int i) {
    String from = ipv6 ? IpPrefix.formatIpv6(s.startHi[i], s.startLo[i]) : IpPrefix.formatIpv4(s.startLo[i]);
    if (i + 1 >= s.count) {
      return "from " + from + " to the end of the address space";
    }
    long toLo = s.startLo[i + 1] - 1;
    if (!ipv6) {
      return from + " – " + IpPrefix.formatIpv4(toLo);
    }
    long toHi = s.startLo[i + 1] == 0 ? s.startHi[i + 1] - 1 : s.startHi[i + 1];
    String to = IpPrefix.formatIpv6(toHi, toLo);
    return from + " – " + to;
  }
}

package org.altoredist.alto;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The costs of a cost map as a dense PID×PID matrix, {@link Double#NaN} where the map defines no
 * cost (RFC 7285 §11.2.3.6 lets a server omit pairs). Immutable and shareable.
 *
 * <p>Real cost maps hold few distinct values (routing costs, hop counts, a handful of tiers), so
 * when there are at most 65,535 of them each cell is a 16-bit code into a table of the exact
 * doubles: a 1,000×1,000 map takes 2 MB instead of 8, with no precision lost. Otherwise cells are
 * plain doubles.
 */
public final class CostMatrix {

  /** Codes are unsigned 16-bit; 0 means "no cost defined". */
  static final int MAX_CODED_VALUES = 0xffff;

  private final List<String> pids;
  private final Map<String, Integer> indexes;
  private final int n;
  private final short[] codes;
  private final double[] dictionary;
  private final double[] plain;
  private final int defined;

  private CostMatrix(List<String> pids, short[] codes, double[] dictionary, double[] plain, int defined) {
    this.pids = List.copyOf(pids);
    this.n = pids.size();
    this.indexes = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      indexes.put(pids.get(i), i);
    }
    this.codes = codes;
    this.dictionary = dictionary;
    this.plain = plain;
    this.defined = defined;
  }

  /**
   * Builds the matrix from (source, destination, value) triples over {@code pids}; a pair must
   * not repeat (the JSON parser's duplicate detection guarantees it). One hashing pass assigns each
   * distinct value its code; past {@link #MAX_CODED_VALUES} values it falls back to plain doubles.
   */
  static CostMatrix build(List<String> pids, int[] src, int[] dst, double[] value, int count) {
    int n = pids.size();
    int cap = Integer.highestOneBit(MAX_CODED_VALUES) * 4;
    long[] table = new long[cap];
    short[] tableCode = new short[cap];
    double[] dict = new double[Math.min(count, MAX_CODED_VALUES)];
    short[] codes = new short[n * n];
    int distinct = 0;
    for (int k = 0; k < count; k++) {
      double v = normal(value[k]);
      long bits = Double.doubleToRawLongBits(v);
      int h = (int) (bits ^ (bits >>> 29) ^ (bits >>> 43)) & (cap - 1);
      while (tableCode[h] != 0 && table[h] != bits) {
        h = (h + 1) & (cap - 1);
      }
      if (tableCode[h] == 0) {
        if (distinct == MAX_CODED_VALUES) {
          return plain(pids, src, dst, value, count);
        }
        dict[distinct++] = v;
        table[h] = bits;
        tableCode[h] = (short) distinct;
      }
      codes[src[k] * n + dst[k]] = tableCode[h];
    }
    return new CostMatrix(pids, codes, Arrays.copyOf(dict, distinct), null, count);
  }

  private static CostMatrix plain(List<String> pids, int[] src, int[] dst, double[] value, int count) {
    int n = pids.size();
    double[] plain = new double[n * n];
    Arrays.fill(plain, Double.NaN);
    for (int k = 0; k < count; k++) {
      plain[src[k] * n + dst[k]] = value[k];
    }
    return new CostMatrix(pids, null, null, plain, count);
  }

  /** -0.0 and 0.0 are the same cost; one code for both. */
  private static double normal(double v) {
    return v == 0 ? 0.0 : v;
  }

  /** The PIDs that index rows and columns, sources first seen first. */
  public List<String> pids() {
    return pids;
  }

  public int size() {
    return n;
  }

  /** Row/column of a PID, or -1 when the cost map does not name it. */
  public int indexOf(String pid) {
    Integer i = indexes.get(pid);
    return i == null ? -1 : i;
  }

  /** Cost from source to destination index, NaN where none is defined. */
  public double cost(int src, int dst) {
    int cell = src * n + dst;
    if (codes != null) {
      int code = codes[cell] & 0xffff;
      return code == 0 ? Double.NaN : dictionary[code - 1];
    }
    return plain[cell];
  }

  /** Cost between two named PIDs, NaN where none is defined or a PID is unknown. */
  public double cost(String src, String dst) {
    int s = indexOf(src);
    int d = indexOf(dst);
    return s < 0 || d < 0 ? Double.NaN : cost(s, d);
  }

  /** Number of (source, destination) pairs with a cost. */
  public int definedCount() {
    return defined;
  }

  /** Distinct cost values, or -1 when the matrix holds plain doubles. */
  public int distinctValueCount() {
    return dictionary == null ? -1 : dictionary.length;
  }
}

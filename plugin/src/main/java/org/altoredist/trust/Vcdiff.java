package org.altoredist.trust;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Adler32;

/**
 * VCDIFF (RFC 3284), the patch inside a delta bundle (signed-resources.md §4.1): decoding with the
 * default code table and address cache, windows whose source is the base, no secondary compression
 * and no custom code table; and an encoder that finds the base's blocks in the target. Because a
 * patch is copies and literal bytes, the reconstructed body is exact by construction: no JSON is
 * parsed or re-serialised, so any implementation (xdelta3 among them) rebuilds the same bytes.
 *
 * <p>The decoder takes hostile input: every length is checked against what remains and against the
 * target limit before anything is allocated or copied, and every failure is one
 * {@link IllegalArgumentException} saying what is wrong.
 */
final class Vcdiff {

  private static final byte[] MAGIC = {(byte) 0xD6, (byte) 0xC3, (byte) 0xC4, 0};
  private static final int VCD_SOURCE = 0x01;
  private static final int VCD_TARGET = 0x02;
  /** xdelta3's extension: an Adler-32 of the target window follows the section lengths. */
  private static final int VCD_ADLER32 = 0x04;
  private static final int NOOP = 0;
  private static final int ADD = 1;
  private static final int RUN = 2;
  private static final int COPY = 3;
  private static final int S_NEAR = 4;
  private static final int S_SAME = 3;
  /** The default code table (RFC 3284 §5.6): type, size and mode of the first and second instruction. */
  private static final int[][] TABLE = defaultTable();
  /**
   * The encoder's block: target bytes are matched against the base in blocks of this many. A moved
   * prefix such as {@code "192.0.2.0/24",} is about 16 bytes; smaller blocks find more matches in
   * shorter stretches, larger ones cost less index.
   */
  static final int BLOCK = 16;

  private Vcdiff() {}

  /** A patch whose result would exceed the limit it was decoded under; refused before allocating. */
  static final class TooLargeException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message);
    }
  }

  private static int[][] defaultTable() {
    int[][] t = new int[256][];
    int i = 0;
    t[i++] = new int[] {RUN, 0, 0, NOOP, 0, 0};
    for (int size = 0; size <= 17; size++) {
      t[i++] = new int[] {ADD, size, 0, NOOP, 0, 0};
    }
    for (int mode = 0; mode < 9; mode++) {
      t[i++] = new int[] {COPY, 0, mode, NOOP, 0, 0};
      for (int size = 4; size <= 18; size++) {
        t[i++] = new int[] {COPY, size, mode, NOOP, 0, 0};
      }
    }
    for (int mode = 0; mode < 6; mode++) {
      for (int add = 1; add <= 4; add++) {
        for (int copy = 4; copy <= 6; copy++) {
          t[i++] = new int[] {ADD, add, 0, COPY, copy, mode};
        }
      }
    }
    for (int mode = 6; mode < 9; mode++) {
      for (int add = 1; add <= 4; add++) {
        t[i++] = new int[] {ADD, add, 0, COPY, 4, mode};
      }
    }
    for (int mode = 0; mode < 9; mode++) {
      t[i++] = new int[] {COPY, 4, mode, ADD, 1, 0};
    }
    return t;
  }

  /** Reads bytes in order, refusing to read past the end. */
  private static final class Reader {
    final byte[] b;
    int pos;
    final int end;

    Reader(byte[] b, int pos, int end) {
      this.b = b;
      this.pos = pos;
      this.end = end;
    }

    int u8(String what) {
      if (pos >= end) {
        throw new IllegalArgumentException("truncated: " + what);
      }
      return b[pos++] & 0xff;
    }

    /** RFC 3284 §2: base-128, most significant digit first; at most 31 bits here. */
    int varint(String what) {
      long v = 0;
      for (int n = 0; n < 5; n++) {
        int x = u8(what);
        v = (v << 7) | (x & 0x7f);
        if (v > Integer.MAX_VALUE) {
          throw new IllegalArgumentException(what + " exceeds 2^31 - 1");
        }
        if ((x & 0x80) == 0) {
          return (int) v;
        }
      }
      throw new IllegalArgumentException(what + ": an integer longer than 5 bytes");
    }

    Reader section(int length, String what) {
      if (length > end - pos) {
        throw new IllegalArgumentException(what + " of " + length + " bytes runs past the patch");
      }
      Reader r = new Reader(b, pos, pos + length);
      pos += length;
      return r;
    }
  }

  /**
   * Applies {@code patch} to {@code source}.
   *
   * @param maxTarget the largest result accepted; checked against each declared window length first
   */
  static byte[] decode(byte[] source, byte[] patch, int maxTarget) {
    Reader r = new Reader(patch, 0, patch.length);
    for (byte m : MAGIC) {
      if ((byte) r.u8("header") != m) {
        throw new IllegalArgumentException("not a VCDIFF patch (RFC 3284 §4.1 magic)");
      }
    }
    if (r.u8("header indicator") != 0) {
      throw new IllegalArgumentException("secondary compression, a custom code table or an application header");
    }
    if (r.pos == r.end) {
      throw new IllegalArgumentException("a patch without a window");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (r.pos < r.end) {
      window(r, source, out, maxTarget);
    }
    return out.toByteArray();
  }

  private static void window(Reader r, byte[] source, ByteArrayOutputStream out, int maxTarget) {
    int indicator = r.u8("window indicator");
    if ((indicator & ~(VCD_SOURCE | VCD_ADLER32)) != 0) {
      throw new IllegalArgumentException((indicator & VCD_TARGET) != 0 ? "a window copying from the target (VCD_TARGET)"
          : "unknown window indicator bits " + indicator);
    }
    int segLength = 0;
    int segPosition = 0;
    if ((indicator & VCD_SOURCE) != 0) {
      segLength = r.varint("source segment length");
      segPosition = r.varint("source segment position");
      if ((long) segPosition + segLength > source.length) {
        throw new IllegalArgumentException("source segment " + segPosition + "+" + segLength + " outside the base of "
            + source.length + " bytes");
      }
    }
    Reader delta = r.section(r.varint("delta encoding length"), "delta encoding");
    int targetLength = delta.varint("target window length");
    if ((long) out.size() + targetLength > maxTarget) {
      throw new TooLargeException("the result would exceed " + maxTarget + " bytes");
    }
    if (delta.u8("delta indicator") != 0) {
      throw new IllegalArgumentException("secondary compression of a section");
    }
    int dataLength = delta.varint("data section length");
    int instLength = delta.varint("instruction section length");
    int addrLength = delta.varint("address section length");
    long checksum = -1;
    if ((indicator & VCD_ADLER32) != 0) {
      checksum = ((long) delta.u8("checksum") << 24) | (delta.u8("checksum") << 16) | (delta.u8("checksum") << 8)
          | delta.u8("checksum");
    }
    Reader data = delta.section(dataLength, "data section");
    Reader inst = delta.section(instLength, "instruction section");
    Reader addr = delta.section(addrLength, "address section");
    if (delta.pos != delta.end) {
      throw new IllegalArgumentException("bytes after the address section");
    }
    byte[] target = new byte[targetLength];
    int t = 0;
    int[] near = new int[S_NEAR];
    int nextSlot = 0;
    int[] same = new int[S_SAME * 256];
    while (inst.pos < inst.end) {
      int[] code = TABLE[inst.u8("instruction")];
      for (int half = 0; half < 2; half++) {
        int type = code[half * 3];
        if (type == NOOP) {
          continue;
        }
        int size = code[half * 3 + 1] == 0 ? inst.varint("instruction size") : code[half * 3 + 1];
        if (size > targetLength - t) {
          throw new IllegalArgumentException("an instruction writes past the target window");
        }
        if (type == ADD) {
          Reader d = data.section(size, "added bytes");
          System.arraycopy(d.b, d.pos, target, t, size);
        } else if (type == RUN) {
          Arrays.fill(target, t, t + size, (byte) data.u8("run byte"));
        } else {
          int mode = code[half * 3 + 2];
          int here = segLength + t;
          int a;
          if (mode == 0) {
            a = addr.varint("address");
          } else if (mode == 1) {
            a = here - addr.varint("address");
          } else if (mode < 2 + S_NEAR) {
            a = near[mode - 2] + addr.varint("address");
          } else {
            a = same[(mode - 2 - S_NEAR) * 256 + addr.u8("address")];
          }
          if (a < 0 || a >= here) {
            throw new IllegalArgumentException("copy from address " + a + ", not below here = " + here);
          }
          near[nextSlot] = a;
          nextSlot = (nextSlot + 1) % S_NEAR;
          same[a % (S_SAME * 256)] = a;
          for (int i = 0; i < size; i++) {
            int from = a + i;
            target[t + i] = from < segLength ? source[segPosition + from] : target[from - segLength];
          }
        }
        t += size;
      }
    }
    if (t != targetLength || data.pos != data.end || addr.pos != addr.end) {
      throw new IllegalArgumentException("the instructions do not fill the target window exactly");
    }
    if (checksum >= 0) {
      Adler32 adler = new Adler32();
      adler.update(target);
      if (adler.getValue() != checksum) {
        throw new IllegalArgumentException("Adler-32 of the target window disagrees");
      }
    }
    out.write(target, 0, targetLength);
  }

  /**
   * A patch that turns {@code source} into {@code target}: one window whose source segment is all
   * of {@code source}; target bytes found in the source (by blocks of {@value #BLOCK}, extended both
   * ways) are copied, the rest added. Deterministic: the same two inputs give the same patch.
   */
  static byte[] encode(byte[] source, byte[] target) {
    Encoder e = new Encoder(source, target);
    e.run();
    ByteArrayOutputStream delta = new ByteArrayOutputStream();
    varint(delta, target.length);
    delta.write(0);
    varint(delta, e.data.size());
    varint(delta, e.inst.size());
    varint(delta, e.addr.size());
    delta.writeBytes(e.data.toByteArray());
    delta.writeBytes(e.inst.toByteArray());
    delta.writeBytes(e.addr.toByteArray());
    ByteArrayOutputStream out = new ByteArrayOutputStream(delta.size() + 32);
    out.writeBytes(MAGIC);
    out.write(0);
    out.write(VCD_SOURCE);
    varint(out, source.length);
    varint(out, 0);
    varint(out, delta.size());
    out.writeBytes(delta.toByteArray());
    return out.toByteArray();
  }

  private static final class Encoder {
    private static final long PRIME = 0x100000001B3L;
    final byte[] src;
    final byte[] tgt;
    final ByteArrayOutputStream data = new ByteArrayOutputStream();
    final ByteArrayOutputStream inst = new ByteArrayOutputStream();
    final ByteArrayOutputStream addr = new ByteArrayOutputStream();
    final int[] near = new int[S_NEAR];
    int nextSlot;
    final int[] same = new int[S_SAME * 256];
    /** Open addressing: block hash to source offset + 1 (0 = empty). */
    final long[] keys;
    final int[] offsets;
    final long topPower;

    Encoder(byte[] src, byte[] tgt) {
      this.src = src;
      this.tgt = tgt;
      int slots = Integer.highestOneBit(Math.max(16, src.length / BLOCK * 2)) * 2;
      keys = new long[slots];
      offsets = new int[slots];
      long p = 1;
      for (int i = 1; i < BLOCK; i++) {
        p *= PRIME;
      }
      topPower = p;
      for (int i = 0; i + BLOCK <= src.length; i += BLOCK) {
        long h = hash(src, i);
        int s = slot(h);
        while (offsets[s] != 0 && keys[s] != h) {
          s = (s + 1) & (slots - 1);
        }
        if (offsets[s] == 0) {
          keys[s] = h;
          offsets[s] = i + 1;
        }
      }
    }

    private int slot(long h) {
      return (int) (h ^ (h >>> 29)) & (keys.length - 1);
    }

    private static long hash(byte[] b, int at) {
      long h = 0;
      for (int i = 0; i < BLOCK; i++) {
        h = h * PRIME + (b[at + i] & 0xff);
      }
      return h;
    }

    private int lookup(long h) {
      for (int s = slot(h); offsets[s] != 0; s = (s + 1) & (keys.length - 1)) {
        if (keys[s] == h) {
          return offsets[s] - 1;
        }
      }
      return -1;
    }

    void run() {
      int literal = 0;
      int j = 0;
      long h = tgt.length >= BLOCK ? hash(tgt, 0) : 0;
      while (j + BLOCK <= tgt.length) {
        int i = lookup(h);
        if (i >= 0 && Arrays.equals(src, i, i + BLOCK, tgt, j, j + BLOCK)) {
          int back = 0;
          while (j - back > literal && i - back > 0 && src[i - back - 1] == tgt[j - back - 1]) {
            back++;
          }
          int len = BLOCK;
          while (j + len < tgt.length && i + len < src.length && src[i + len] == tgt[j + len]) {
            len++;
          }
          add(literal, j - back);
          copy(i - back, len + back, j - back);
          j += len;
          literal = j;
          if (j + BLOCK <= tgt.length) {
            h = hash(tgt, j);
          }
          continue;
        }
        if (j + BLOCK < tgt.length) {
          h = (h - (tgt[j] & 0xff) * topPower) * PRIME + (tgt[j + BLOCK] & 0xff);
        }
        j++;
      }
      add(literal, tgt.length);
    }

    private void add(int from, int to) {
      int size = to - from;
      if (size == 0) {
        return;
      }
      if (size <= 17) {
        inst.write(1 + size);
      } else {
        inst.write(1);
        varint(inst, size);
      }
      data.write(tgt, from, size);
    }

    /** COPY with the address mode whose encoding is shortest, as the decoder's cache will see it. */
    private void copy(int a, int size, int t) {
      int here = src.length + t;
      int mode = 0;
      int cost = varintLength(a);
      long value = a;
      if (varintLength(here - a) < cost) {
        mode = 1;
        cost = varintLength(here - a);
        value = here - a;
      }
      for (int k = 0; k < S_NEAR; k++) {
        if (a >= near[k] && varintLength(a - near[k]) < cost) {
          mode = 2 + k;
          cost = varintLength(a - near[k]);
          value = a - near[k];
        }
      }
      int slot = a % (S_SAME * 256);
      if (same[slot] == a && cost > 1) {
        mode = 2 + S_NEAR + slot / 256;
        value = slot % 256;
      }
      int base = 19 + mode * 16;
      if (size >= 4 && size <= 18) {
        inst.write(base + size - 3);
      } else {
        inst.write(base);
        varint(inst, size);
      }
      if (mode >= 2 + S_NEAR) {
        addr.write((int) value);
      } else {
        varint(addr, (int) value);
      }
      near[nextSlot] = a;
      nextSlot = (nextSlot + 1) % S_NEAR;
      same[slot] = a;
    }
  }

  private static int varintLength(int v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  private static void varint(ByteArrayOutputStream out, int v) {
    int n = varintLength(v);
    for (int i = n - 1; i >= 0; i--) {
      out.write(((v >>> (7 * i)) & 0x7f) | (i > 0 ? 0x80 : 0));
    }
  }
}

package org.altoredist.wire.bencode;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.altoredist.wire.bencode.BencodeException.Defect;

/**
 * Strict bencode (BEP 3): decodes only the canonical form — sorted unique keys, no leading zeros,
 * no negative zero, integers within 64 bits — so every value has exactly one encoding and a
 * signature or hash over bytes means the same thing to every implementation.
 *
 * <p>Two ways in: {@link #decode} for input that is complete (a framed message), where running out
 * of bytes is {@link Defect#TRUNCATED}; and {@link #decodePrefix} for a stream, where running out
 * of bytes returns {@code null} and consumes nothing. One way out of the rule:
 * {@link #decodeAnyKeyOrder}, for another protocol's dictionary that nothing signs.
 */
public final class Bencode {

  /**
   * Nesting limit. The protocol's deepest value (an inventory entry in a list in a dict) is 3
   * deep; 32 leaves room for other extensions' handshakes while bounding recursion on hostile
   * input (libtorrent allows 100, but its parser is iterative).
   */
  public static final int MAX_DEPTH = 32;

  /** The decoded value and how many input bytes it took. */
  public record Prefix(BValue value, int length) {}

  private Bencode() {}

  /** Decodes exactly one value filling {@code input}. */
  public static BValue decode(byte[] input) throws BencodeException {
    return decode(input, 0, input.length);
  }

  /** Decodes exactly one value filling {@code input[offset, offset+length)}. */
  public static BValue decode(byte[] input, int offset, int length) throws BencodeException {
    return whole(new Parser(input, offset, offset + length, true, false));
  }

  /**
   * Decodes exactly one value that another program encoded for a protocol that hashes and signs
   * nothing of it, a BEP 10 handshake: its dictionaries' keys may come in any order, as encoders
   * that keep a map's insertion order write them, and of a key given twice the first counts, as
   * libtorrent's reader finds it. Everything else is as strict as {@link #decode}: nobody's
   * encoder writes leading zeros, and the limits guard this reader.
   */
  public static BValue decodeAnyKeyOrder(byte[] input, int offset, int length) throws BencodeException {
    return whole(new Parser(input, offset, offset + length, true, true));
  }

  private static BValue whole(Parser p) throws BencodeException {
    BValue v = p.value(0);
    if (p.pos != p.end) {
      throw p.error(Defect.TRAILING_BYTES, p.pos);
    }
    return v;
  }

  /**
   * Decodes the value at the start of {@code input[offset, offset+length)}, leaving whatever
   * follows it (BEP 9 puts raw bytes after the dictionary). Returns {@code null} when the input
   * ends before the value does and nothing so far is malformed.
   */
  public static Prefix decodePrefix(byte[] input, int offset, int length) throws BencodeException {
    Parser p = new Parser(input, offset, offset + length, false, false);
    try {
      BValue v = p.value(0);
      return new Prefix(v, p.pos - offset);
    } catch (NeedMore e) {
      return null;
    }
  }

  public static byte[] encode(BValue value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    write(value, out);
    return out.toByteArray();
  }

  public static void write(BValue value, ByteArrayOutputStream out) {
    if (value instanceof BInt i) {
      out.write('i');
      writeAscii(Long.toString(i.value()), out);
      out.write('e');
    } else if (value instanceof BBytes b) {
      writeAscii(Integer.toString(b.length()), out);
      out.write(':');
      out.writeBytes(b.raw());
    } else if (value instanceof BList l) {
      out.write('l');
      for (BValue item : l.items()) {
        write(item, out);
      }
      out.write('e');
    } else if (value instanceof BDict d) {
      out.write('d');
      for (Map.Entry<BBytes, BValue> e : d.entries().entrySet()) {
        write(e.getKey(), out);
        write(e.getValue(), out);
      }
      out.write('e');
    }
  }

  private static void writeAscii(String s, ByteArrayOutputStream out) {
    out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
  }

  /** Control flow for "the stream has not delivered the whole value yet"; carries no stack trace. */
  private static final class NeedMore extends RuntimeException {
    private static final long serialVersionUID = 1L;
    static final NeedMore INSTANCE = new NeedMore();

    private NeedMore() {
      super(null, null, false, false);
    }
  }

  private static final class Parser {
    final byte[] in;
    final int start;
    final int end;
    final boolean complete;
    /** Keys in any order, the first of a repeated key kept: {@link #decodeAnyKeyOrder}. */
    final boolean anyKeyOrder;
    int pos;

    Parser(byte[] in, int start, int end, boolean complete, boolean anyKeyOrder) {
      this.in = in;
      this.start = start;
      this.end = end;
      this.complete = complete;
      this.anyKeyOrder = anyKeyOrder;
      this.pos = start;
    }

    BencodeException error(Defect d, int at) {
      return new BencodeException(d, at - start, in, start, end);
    }

    int peek() throws BencodeException {
      if (pos >= end) {
        if (complete) {
          throw error(Defect.TRUNCATED, pos);
        }
        throw NeedMore.INSTANCE;
      }
      return in[pos] & 0xff;
    }

    BValue value(int depth) throws BencodeException {
      int c = peek();
      if (c == 'i') {
        pos++;
        long v = number('e', true);
        return new BInt(v);
      }
      if (c >= '0' && c <= '9') {
        return string();
      }
      if (c == 'l' || c == 'd') {
        if (depth >= MAX_DEPTH) {
          throw error(Defect.TOO_DEEP, pos);
        }
        pos++;
        return c == 'l' ? list(depth + 1) : dict(depth + 1);
      }
      throw error(Defect.UNEXPECTED_BYTE, pos);
    }

    BBytes string() throws BencodeException {
      long len = number(':', false);
      if (len > Integer.MAX_VALUE) {
        throw error(Defect.INTEGER_OVERFLOW, pos);
      }
      if (end - pos < len) {
        if (complete) {
          throw error(Defect.TRUNCATED, end);
        }
        throw NeedMore.INSTANCE;
      }
      byte[] b = new byte[(int) len];
      System.arraycopy(in, pos, b, 0, b.length);
      pos += b.length;
      return BBytes.adopt(b);
    }

    /** Reads digits up to {@code terminator}; a sign is allowed only for integers. */
    long number(char terminator, boolean signed) throws BencodeException {
      int first = pos;
      boolean negative = false;
      if (signed && peek() == '-') {
        negative = true;
        pos++;
      }
      int digitsStart = pos;
      long v = 0;
      while (true) {
        int c = peek();
        if (c == terminator) {
          break;
        }
        if (c < '0' || c > '9') {
          throw error(Defect.UNEXPECTED_BYTE, pos);
        }
        if (pos > digitsStart && in[digitsStart] == '0') {
          throw error(Defect.LEADING_ZERO, digitsStart);
        }
        int digit = c - '0';
        // Accumulate negatively so Long.MIN_VALUE is reachable without overflow.
        if (v < (Long.MIN_VALUE + digit) / 10) {
          throw error(Defect.INTEGER_OVERFLOW, first);
        }
        v = v * 10 - digit;
        pos++;
      }
      if (pos == digitsStart) {
        throw error(Defect.EMPTY_INTEGER, first);
      }
      if (negative && v == 0) {
        throw error(Defect.NEGATIVE_ZERO, first);
      }
      pos++;
      if (!negative) {
        if (v == Long.MIN_VALUE) {
          throw error(Defect.INTEGER_OVERFLOW, first);
        }
        v = -v;
      }
      return v;
    }

    BList list(int depth) throws BencodeException {
      List<BValue> items = new ArrayList<>();
      while (peek() != 'e') {
        items.add(value(depth));
      }
      pos++;
      return new BList(items);
    }

    BDict dict(int depth) throws BencodeException {
      TreeMap<BBytes, BValue> entries = new TreeMap<>();
      BBytes previous = null;
      while (peek() != 'e') {
        int keyAt = pos;
        int c = peek();
        if (c < '0' || c > '9') {
          throw error(Defect.NON_STRING_KEY, keyAt);
        }
        BBytes key = string();
        if (anyKeyOrder) {
          entries.putIfAbsent(key, value(depth));
          continue;
        }
        if (previous != null) {
          int order = previous.compareTo(key);
          if (order == 0) {
            throw error(Defect.DUPLICATE_KEY, keyAt);
          }
          if (order > 0) {
            throw error(Defect.UNSORTED_KEYS, keyAt);
          }
        }
        entries.put(key, value(depth));
        previous = key;
      }
      pos++;
      return BDict.adopt(entries);
    }
  }
}

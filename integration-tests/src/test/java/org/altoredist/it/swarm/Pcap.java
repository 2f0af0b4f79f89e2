package org.altoredist.it.swarm;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads a classic pcap file (the format tcpdump -w writes) of IPv4 traffic and puts TCP back
 * together: each direction of each connection becomes one byte stream, in sequence order, with
 * retransmitted and overlapping bytes taken once. UDP datagrams are kept as they are. Enough for
 * the loopback captures of the swarm tests; not a general packet library.
 */
public final class Pcap {

  private static final int LINK_NULL = 0;
  private static final int LINK_ETHERNET = 1;
  private static final int LINK_RAW = 101;
  private static final int LINK_LINUX_SLL = 113;
  private static final int LINK_LINUX_SLL2 = 276;

  /**
   * One direction of one TCP connection, up to its first hole: {@code gap} says whether bytes
   * after a sequence range never captured (a packet the kernel dropped) were left out.
   */
  public record Stream(InetSocketAddress from, InetSocketAddress to, int ordinal, byte[] bytes, boolean gap) {
    public String label() {
      return from + " -> " + to + (ordinal > 0 ? " #" + ordinal : "");
    }
  }

  public record Datagram(InetSocketAddress from, InetSocketAddress to, byte[] payload) {}

  /** Everything read: the TCP streams, each direction on its own, and the UDP datagrams. */
  public record Capture(List<Stream> streams, List<Datagram> datagrams, int truncatedPackets) {
    /** The other direction of {@code s}'s connection, or null if none was captured. */
    public Stream reverse(Stream s) {
      for (Stream r : streams) {
        if (r.from().equals(s.to()) && r.to().equals(s.from()) && r.ordinal() == s.ordinal()) {
          return r;
        }
      }
      return null;
    }
  }

  private Pcap() {}

  public static Capture read(Path file) throws IOException {
    return parse(Files.readAllBytes(file));
  }

  public static Capture parse(byte[] file) {
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int magic = b.getInt(0);
    if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
      b.order(ByteOrder.BIG_ENDIAN);
      magic = b.getInt(0);
      if (magic != 0xa1b2c3d4 && magic != 0xa1b23c4d) {
        throw new IllegalArgumentException("not a classic pcap file (magic " + Integer.toHexString(magic) + ")");
      }
    }
    int link = b.getInt(20) & 0x0fffffff;
    Reassembly r = new Reassembly();
    int truncated = 0;
    for (int at = 24; at + 16 <= file.length; ) {
      int incl = b.getInt(at + 8);
      int orig = b.getInt(at + 12);
      int start = at + 16;
      at = start + incl;
      if (at > file.length) {
        truncated++;
        break;
      }
      truncated += incl < orig ? 1 : 0;
      int ip = ipOffset(b, link, start, incl);
      if (ip >= 0) {
        packet(ByteBuffer.wrap(file, ip, start + incl - ip).slice().order(ByteOrder.BIG_ENDIAN), r);
      }
    }
    return new Capture(r.streams(), r.datagrams, truncated);
  }

  /** Where the IPv4 header starts in a frame of this link type, or -1 for anything but IPv4. */
  private static int ipOffset(ByteBuffer b, int link, int start, int len) {
    ByteBuffer be = b.duplicate().order(ByteOrder.BIG_ENDIAN);
    return switch (link) {
      case LINK_ETHERNET -> len >= 14 && be.getShort(start + 12) == 0x0800 ? start + 14 : -1;
      case LINK_LINUX_SLL -> len >= 16 && be.getShort(start + 14) == 0x0800 ? start + 16 : -1;
      case LINK_LINUX_SLL2 -> len >= 20 && be.getShort(start) == 0x0800 ? start + 20 : -1;
      case LINK_RAW -> len >= 1 && (b.get(start) & 0xf0) == 0x40 ? start : -1;
      case LINK_NULL -> len >= 4 && b.getInt(start) == 2 ? start + 4 : -1;
      default -> throw new IllegalArgumentException("pcap link type " + link + " is not supported");
    };
  }

  private static void packet(ByteBuffer ip, Reassembly r) {
    if (ip.remaining() < 20 || (ip.get(0) & 0xf0) != 0x40) {
      return;
    }
    int ihl = (ip.get(0) & 0x0f) * 4;
    int total = Math.min(ip.getShort(2) & 0xffff, ip.remaining());
    int proto = ip.get(9) & 0xff;
    InetAddress src = address(ip, 12);
    InetAddress dst = address(ip, 16);
    if (proto == 6 && total >= ihl + 20) {
      int dataOff = ((ip.get(ihl + 12) & 0xf0) >> 4) * 4;
      int flags = ip.get(ihl + 13) & 0xff;
      long seq = ip.getInt(ihl + 4) & 0xffffffffL;
      byte[] payload = Arrays.copyOfRange(ip.array(), ip.arrayOffset() + ihl + dataOff, ip.arrayOffset() + total);
      r.segment(new InetSocketAddress(src, ip.getShort(ihl) & 0xffff),
          new InetSocketAddress(dst, ip.getShort(ihl + 2) & 0xffff), seq, (flags & 0x02) != 0, payload);
    } else if (proto == 17 && total >= ihl + 8) {
      byte[] payload = Arrays.copyOfRange(ip.array(), ip.arrayOffset() + ihl + 8, ip.arrayOffset() + total);
      r.datagrams.add(new Datagram(new InetSocketAddress(src, ip.getShort(ihl) & 0xffff),
          new InetSocketAddress(dst, ip.getShort(ihl + 2) & 0xffff), payload));
    }
  }

  private static InetAddress address(ByteBuffer ip, int at) {
    try {
      return InetAddress.getByAddress(Arrays.copyOfRange(ip.array(), ip.arrayOffset() + at, ip.arrayOffset() + at + 4));
    } catch (UnknownHostException e) {
      throw new IllegalStateException("four bytes are always an address", e);
    }
  }

  /** Segments grouped by direction; a SYN on a direction already seen starts its next connection. */
  private static final class Reassembly {
    private final Map<String, List<Direction>> byTuple = new LinkedHashMap<>();
    private final List<Direction> all = new ArrayList<>();
    final List<Datagram> datagrams = new ArrayList<>();

    void segment(InetSocketAddress from, InetSocketAddress to, long seq, boolean syn, byte[] payload) {
      List<Direction> dirs = byTuple.computeIfAbsent(from + ">" + to, k -> new ArrayList<>());
      if (dirs.isEmpty() || syn && dirs.get(dirs.size() - 1).sawData()) {
        Direction d = new Direction(from, to, dirs.size());
        dirs.add(d);
        all.add(d);
      }
      Direction d = dirs.get(dirs.size() - 1);
      if (syn) {
        d.base = (seq + 1) & 0xffffffffL;
      } else if (payload.length > 0) {
        d.add(seq, payload);
      }
    }

    List<Stream> streams() {
      List<Stream> out = new ArrayList<>();
      for (Direction d : all) {
        out.add(d.stream());
      }
      return out;
    }
  }

  /** One direction's segments by offset from its first byte. */
  private static final class Direction {
    final InetSocketAddress from;
    final InetSocketAddress to;
    final int ordinal;
    /** The sequence number of the first byte: after the SYN, else the first segment seen. */
    long base = -1;
    final TreeMap<Long, byte[]> segments = new TreeMap<>();

    Direction(InetSocketAddress from, InetSocketAddress to, int ordinal) {
      this.from = from;
      this.to = to;
      this.ordinal = ordinal;
    }

    boolean sawData() {
      return !segments.isEmpty();
    }

    void add(long seq, byte[] payload) {
      if (base < 0) {
        base = seq;
      }
      long offset = (seq - base) & 0xffffffffL;
      byte[] old = segments.get(offset);
      if (old == null || old.length < payload.length) {
        segments.put(offset, payload);
      }
    }

    Stream stream() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      long next = 0;
      boolean gap = false;
      for (Map.Entry<Long, byte[]> e : segments.entrySet()) {
        long off = e.getKey();
        byte[] p = e.getValue();
        if (off > next) {
          gap = true;
          break;
        }
        int skip = (int) (next - off);
        if (skip < p.length) {
          out.write(p, skip, p.length - skip);
          next += p.length - skip;
        }
      }
      return new Stream(from, to, ordinal, out.toByteArray(), gap);
    }
  }
}

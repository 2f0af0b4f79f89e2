package org.altoredist.wire.endpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleAssembler;
import org.altoredist.wire.BundleClaim;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.InfoHash;
import org.altoredist.wire.Pieces;
import org.altoredist.wire.SendOutcome;
import org.altoredist.wire.WireConfig;
import org.altoredist.wire.WireLimits;

/**
 * Two real endpoints on loopback: a holder that announces one bundle and serves it, and a fetcher
 * that dialled it. {@link #fetch} moves the whole bundle the way the specification says a
 * requester does — pipelined requests within the holder's queue, reassembly, SHA-256 check — and
 * returns the verified bytes. Shared by the exchange test and the transfer benchmark.
 */
public final class LoopbackTransfer implements AutoCloseable {

  public static final InfoHash TORRENT = InfoHash.ofHex("cd0291a84c098f90aa0dd6590f0f843978b679ec");

  private final byte[] bundle;
  private final BundleHash hash;
  private final WireEndpoint holder;
  private final WireEndpoint fetcher;
  private final WirePeer holderSeenByFetcher;
  private final CompletableFuture<BundleClaim> claim = new CompletableFuture<>();
  private volatile Fetch current;

  private LoopbackTransfer(byte[] bundle, String holderIp, String fetcherIp, WireConfig config,
      BeforeDial beforeDial) throws Exception {
    this.bundle = bundle;
    this.hash = BundleHash.compute(bundle);
    this.holder = WireEndpoint.open(new InetSocketAddress(holderIp, 0), config, new Holder());
    this.fetcher = WireEndpoint.open(new InetSocketAddress(fetcherIp, 0), config, new Fetcher());
    holder.register(TORRENT);
    fetcher.register(TORRENT);
    beforeDial.run(holder.localAddress());
    this.holderSeenByFetcher = fetcher.dial(TORRENT, holder.localAddress()).get(10, TimeUnit.SECONDS);
    claim.get(10, TimeUnit.SECONDS);
  }

  /** Opens both endpoints and waits until the fetcher has the holder's inventory. */
  public static LoopbackTransfer open(byte[] bundle, String holderIp, String fetcherIp, WireConfig config)
      throws Exception {
    return new LoopbackTransfer(bundle, holderIp, fetcherIp, config, holder -> { });
  }

  /** What a test does to the holder's endpoint before the fetcher dials it. */
  interface BeforeDial {
    void run(InetSocketAddress holder) throws Exception;
  }

  /** As {@link #open(byte[], String, String, WireConfig)}, doing {@code beforeDial} first. */
  static LoopbackTransfer open(byte[] bundle, String holderIp, String fetcherIp, WireConfig config,
      BeforeDial beforeDial) throws Exception {
    return new LoopbackTransfer(bundle, holderIp, fetcherIp, config, beforeDial);
  }

  /** The connections the holder's endpoint has now. */
  List<WirePeer> holderPeers() {
    return holder.peers();
  }

  public WirePeer holderSeenByFetcher() {
    return holderSeenByFetcher;
  }

  public BundleClaim claim() {
    return claim.join();
  }

  /** One complete transfer of the announced bundle; the verified bytes. */
  public byte[] fetch() throws Exception {
    BundleClaim c = claim.join();
    Fetch f = new Fetch(new BundleAssembler(c.hash(), c.size(), WireLimits.MAX_BUNDLE_SIZE));
    current = f;
    int window = Math.min(WireLimits.MAX_OUTSTANDING_REQUESTS, f.assembler.pieceCount());
    for (int i = 0; i < window; i++) {
      f.requestNext(holderSeenByFetcher);
    }
    return f.done.get(60, TimeUnit.SECONDS);
  }

  @Override
  public void close() throws IOException {
    fetcher.close();
    holder.close();
  }

  private final class Fetch {
    final BundleAssembler assembler;
    final CompletableFuture<byte[]> done = new CompletableFuture<>();
    private int nextPiece;

    Fetch(BundleAssembler assembler) {
      this.assembler = assembler;
    }

    synchronized void requestNext(WirePeer peer) {
      if (nextPiece < assembler.pieceCount()) {
        SendOutcome o = peer.send(new ArAltoMessage.Request(assembler.hash(), nextPiece++));
        if (o != SendOutcome.SENT) {
          done.completeExceptionally(new IllegalStateException("request not sent: " + o));
        }
      }
    }

    synchronized void received(WirePeer peer, ArAltoMessage m) {
      if (m instanceof ArAltoMessage.Data d && assembler.accept(d)) {
        if (assembler.complete()) {
          assembler.verified().ifPresentOrElse(done::complete,
              () -> done.completeExceptionally(new IllegalStateException("SHA-256 mismatch")));
        } else {
          requestNext(peer);
        }
      } else if (m instanceof ArAltoMessage.Reject r) {
        done.completeExceptionally(new IllegalStateException("rejected: " + r));
      }
    }
  }

  private final class Holder implements WireListener {
    @Override
    public void extensionChanged(WirePeer peer, boolean enabled) {
      if (enabled) {
        peer.send(new ArAltoMessage.Inventory(List.of(new BundleClaim("https://alto.example.net/directory",
            "my-default-network-map", 1, bundle.length, hash)), List.of()));
      }
    }

    @Override
    public void message(WirePeer peer, ArAltoMessage m) {
      if (m instanceof ArAltoMessage.Request r) {
        peer.send(new ArAltoMessage.Data(r.hash(), r.piece(), bundle.length, Pieces.slice(bundle, r.piece())));
      }
    }
  }

  private final class Fetcher implements WireListener {
    @Override
    public void message(WirePeer peer, ArAltoMessage m) {
      if (m instanceof ArAltoMessage.Inventory inv) {
        claim.complete(inv.bundles().get(0));
      } else if (current != null) {
        current.received(peer, m);
      }
    }
  }
}

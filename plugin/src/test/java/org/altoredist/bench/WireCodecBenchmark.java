package org.altoredist.bench;

import java.nio.ByteBuffer;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.altoredist.wire.ArAltoMessage;
import org.altoredist.wire.BundleHash;
import org.altoredist.wire.ExtensionMessageCodec;
import org.altoredist.wire.WireException;
import org.altoredist.wire.WireLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Encode plus decode of one full data message (16 KiB piece behind its header), against a
 * baseline of the two plain copies of the piece that any encoder and decoder pair must make
 * (into a send buffer, out of a receive buffer). Payload throughput = ops/s x 16384 bytes.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class WireCodecBenchmark {

  private ArAltoMessage.Data data;
  private byte[] piece;

  @Setup
  public void setup() {
    byte[] bundle = new byte[16 * 1024 * 1024];
    new Random(1).nextBytes(bundle);
    piece = new byte[WireLimits.PIECE_SIZE];
    System.arraycopy(bundle, 5 * WireLimits.PIECE_SIZE, piece, 0, piece.length);
    data = new ArAltoMessage.Data(BundleHash.compute(bundle), 5, bundle.length, ByteBuffer.wrap(piece));
  }

  @Benchmark
  public ArAltoMessage encodeDecodeDataMessage() throws WireException {
    return ExtensionMessageCodec.decode(ExtensionMessageCodec.encode(data));
  }

  @Benchmark
  public byte[] baselineTwoPieceCopies() {
    byte[] sent = piece.clone();
    return sent.clone();
  }
}

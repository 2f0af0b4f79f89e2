package org.altoredist.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Random;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import org.altoredist.wire.WireConfig;
import org.altoredist.wire.endpoint.LoopbackTransfer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A 16 MiB bundle moved between two endpoints on loopback (PID 3: 127.0.3.1 holder, 127.0.3.2
 * fetcher) — announce once, then per op: pipelined requests, pieces, reassembly and the SHA-256
 * check — side by side with a raw socket copy of the same 16 MiB between 127.0.3.3 and
 * 127.0.3.4 (one blocking write, one reader into a heap array). MB/s = ops/s x 16.78.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
public class WireTransferBenchmark {

  static final int SIZE = 16 * 1024 * 1024;

  private byte[] bundle;
  private LoopbackTransfer transfer;
  private ServerSocketChannel server;
  private SocketChannel writer;
  private Thread reader;
  private final SynchronousQueue<Integer> copied = new SynchronousQueue<>();

  @Setup
  public void setup() throws Exception {
    bundle = new byte[SIZE];
    new Random(2).nextBytes(bundle);
    // The default budget (256 MiB per 10 minutes) would start rejecting a benchmark's repeated fetches.
    transfer = LoopbackTransfer.open(bundle, "127.0.3.1", "127.0.3.2", WireConfig.defaults().withUploadBudget(1L << 50));

    server = ServerSocketChannel.open().bind(new InetSocketAddress("127.0.3.3", 0));
    writer = SocketChannel.open();
    writer.bind(new InetSocketAddress("127.0.3.4", 0));
    writer.connect(server.getLocalAddress());
    SocketChannel in = server.accept();
    reader = new Thread(() -> readLoop(in), "raw-copy-reader");
    reader.setDaemon(true);
    reader.start();
  }

  private void readLoop(SocketChannel in) {
    byte[] target = new byte[SIZE];
    try (in) {
      while (true) {
        ByteBuffer b = ByteBuffer.wrap(target);
        while (b.hasRemaining()) {
          if (in.read(b) < 0) {
            return;
          }
        }
        copied.put(b.position());
      }
    } catch (IOException | InterruptedException e) {
      // The benchmark is over: tearDown closed the socket.
    }
  }

  @Benchmark
  public byte[] endpointToEndpoint() throws Exception {
    return transfer.fetch();
  }

  @Benchmark
  public int rawSocketCopy() throws Exception {
    ByteBuffer b = ByteBuffer.wrap(bundle);
    while (b.hasRemaining()) {
      writer.write(b);
    }
    return copied.take();
  }

  @TearDown
  public void tearDown() throws IOException {
    transfer.close();
    writer.close();
    server.close();
    reader.interrupt();
  }
}

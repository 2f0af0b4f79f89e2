package org.altoredist.binding.bt;

import bt.Bt;
import bt.data.file.FileSystemStorage;
import bt.runtime.BtClient;
import bt.runtime.BtRuntime;
import bt.runtime.Config;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One real Bt client on loopback for tests: its own runtime listening at {@code host}, the
 * altoredist module installed (or not, for a vanilla Bt peer), one torrent from a .torrent file,
 * data in {@code dir}.
 */
public final class BtPeer implements AutoCloseable {

  public final InetSocketAddress address;
  public final BtRuntime runtime;
  public final BtClient client;
  public final AltoBt alto;

  /** @param alto null for a vanilla Bt peer */
  public BtPeer(String host, Path torrent, Path dir, AltoBt alto) throws IOException {
    this.address = new InetSocketAddress(InetAddress.getByName(host), freePort(host));
    Config c = new Config();
    c.setAcceptorAddress(address.getAddress());
    c.setAcceptorPort(address.getPort());
    c.setPeerDiscoveryInterval(Duration.ofSeconds(1));
    c.setPeerConnectionRetryInterval(Duration.ofSeconds(2));
    c.setShutdownHookTimeout(Duration.ofSeconds(1));
    var b = BtRuntime.builder(c).disableAutomaticShutdown().disableLocalServiceDiscovery();
    if (alto != null) {
      b.module(alto.module());
    }
    this.runtime = b.build();
    this.alto = alto;
    if (alto != null) {
      alto.attach(runtime);
    }
    this.client = Bt.client(runtime).storage(new FileSystemStorage(dir)).torrent(torrent.toUri().toURL()).build();
    client.startAsync();
  }

  static int freePort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    }
  }

  @Override
  public void close() {
    try {
      client.stop();
    } finally {
      if (alto != null) {
        alto.close();
      }
      runtime.shutdown();
    }
  }

}

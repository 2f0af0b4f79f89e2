package org.altoredist.it.swarm;

import java.net.InetSocketAddress;
import java.nio.file.Path;

/** A client running as its own program: what every such peer knows about itself. */
abstract class ProcessPeer implements SwarmPeer {

  protected final String name;
  protected final ManagedProcess process;
  private final InetSocketAddress listen;
  private final Path downloadDir;

  ProcessPeer(String name, ManagedProcess process, InetSocketAddress listen, Path downloadDir) {
    this.name = name;
    this.process = process;
    this.listen = listen;
    this.downloadDir = downloadDir;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InetSocketAddress listenAddress() {
    return listen;
  }

  @Override
  public Path downloadDir() {
    return downloadDir;
  }

  @Override
  public String diagnostics() {
    return process.logTail();
  }

  @Override
  public void close() {
    process.close();
  }
}

package org.altoredist.engine;

/** The mutable counters behind {@link EngineStats}, their public snapshot. Loop-confined. */
final class Counters {
  private long serverRequests;
  private long serverFailures;
  private long installed;
  private long installedFromPeers;
  private long refused;
  private long piecesReceived;
  private long payloadBytesReceived;
  private long duplicatePieces;
  private long latePieces;
  private long piecesServed;
  private long requestTimeouts;
  private long peersDropped;
  private long deltasApplied;

  void serverRequest() {
    serverRequests++;
  }

  void serverFailure() {
    serverFailures++;
  }

  /** A version installed, from {@code source}; {@code byDelta} when rebuilt from a held one and a delta. */
  void installed(HeldResource.Source source, boolean byDelta) {
    installed++;
    if (source == HeldResource.Source.PEER) {
      installedFromPeers++;
    }
    if (byDelta) {
      deltasApplied++;
    }
  }

  void refused() {
    refused++;
  }

  void pieceReceived(int payloadBytes) {
    piecesReceived++;
    payloadBytesReceived += payloadBytes;
  }

  void duplicatePiece() {
    duplicatePieces++;
  }

  void latePiece() {
    latePieces++;
  }

  void pieceServed() {
    piecesServed++;
  }

  void requestTimeouts(int lapsed) {
    requestTimeouts += lapsed;
  }

  void peerDropped() {
    peersDropped++;
  }

  EngineStats snapshot(long peersConnected) {
    return new EngineStats(serverRequests, serverFailures, installed, installedFromPeers, refused, piecesReceived,
        payloadBytesReceived, duplicatePieces, latePieces, piecesServed, requestTimeouts, peersDropped, peersConnected,
        deltasApplied);
  }
}

package org.altoredist.engine;

/** The mutable counters behind {@link EngineStats}. Loop-confined. */
final class Stats {
  long serverRequests;
  long serverFailures;
  long installed;
  long installedFromPeers;
  long refused;
  long piecesReceived;
  long payloadBytesReceived;
  long duplicatePieces;
  long latePieces;
  long piecesServed;
  long requestTimeouts;
  long peersDropped;
  long deltasApplied;

  EngineStats snapshot(long peersConnected) {
    return new EngineStats(serverRequests, serverFailures, installed, installedFromPeers, refused, piecesReceived,
        payloadBytesReceived, duplicatePieces, latePieces, piecesServed, requestTimeouts, peersDropped, peersConnected,
        deltasApplied);
  }
}

package org.altoredist.binding;

import java.net.InetSocketAddress;
import java.time.Instant;

/**
 * One connection the plugin asked libtorrent to make, in the order it asked: what makes the
 * steering observable. Kept on this node only, like the ranking it comes from.
 *
 * @param tick which steering round of this plugin asked, from 0; one ranking per round and torrent
 * @param at when libtorrent was asked
 * @param torrent the torrent's info-hash, hex
 * @param peer the candidate dialled
 * @param pid the candidate's PID, or null when the map does not cover it
 * @param cost the cost from this node's PID to it, NaN when the map defines none
 * @param rank its place in that tick's ranking, from 0
 */
public record SteeringEvent(long tick, Instant at, String torrent, InetSocketAddress peer, String pid, double cost, int rank) {}

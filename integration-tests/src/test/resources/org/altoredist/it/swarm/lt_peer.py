#!/usr/bin/python3
# A libtorrent-rasterbar peer from Debian's python3-libtorrent (2.0.8), for swarm tests.
# Usage: lt_peer.py TORRENT SAVE_DIR LISTEN_IP PORT
# Prints one JSON status line per second: {"progress": 0.42, "state": "downloading", "peers": 3},
# and one line per closed connection or peer error (how libtorrent reports a peer that broke the
# wire): {"disconnected": "127.0.1.2", "error": "...", "alert": "..."}
# (the binding has no converter for the alert's close_reason_t; the error names the cause).
# Runs until killed; as for every loopback test session: no DHT, LSD, UPnP, NAT-PMP.
import json, sys, time
import libtorrent as lt

torrent, save_dir, ip, port = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
ses = lt.session({
    'listen_interfaces': '%s:%d' % (ip, port),
    'outgoing_interfaces': ip,
    'enable_dht': False, 'enable_lsd': False, 'enable_upnp': False, 'enable_natpmp': False,
    'allow_multiple_connections_per_ip': True,
    'enable_outgoing_utp': False, 'enable_incoming_utp': False,
    'alert_mask': lt.alert.category_t.error_notification | lt.alert.category_t.connect_notification
                  | lt.alert.category_t.peer_notification,
})
h = ses.add_torrent({'ti': lt.torrent_info(torrent), 'save_path': save_dir})
while True:
    for a in ses.pop_alerts():
        if isinstance(a, (lt.peer_disconnected_alert, lt.peer_error_alert)):
            print(json.dumps({'disconnected': a.ip[0], 'error': a.error.message(), 'alert': a.message()}),
                  flush=True)
    s = h.status()
    print(json.dumps({'progress': s.progress, 'state': str(s.state), 'peers': s.num_peers,
                      'error': s.errc.message() if s.errc.value() else None}), flush=True)
    time.sleep(1)

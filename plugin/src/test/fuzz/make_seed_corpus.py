#!/usr/bin/env python3
"""Writes the Jazzer seed corpus of the wire fuzz tests from the spec's vectors.

Jazzer's JUnit integration runs every file in <package>/<TestClass>Inputs/<method>/ on
`mvn verify` (regression mode) and starts a fuzzing campaign from them under JAZZER_FUZZ=1.
Rerun after regenerating the vectors: python3 plugin/src/test/fuzz/make_seed_corpus.py
"""
import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))
VECTORS = os.path.join(HERE, "..", "..", "..", "..", "bep-extension-spec", "vectors", "wire")
RESOURCES = os.path.join(HERE, "..", "resources", "org", "altoredist", "wire")


def load(name):
    with open(os.path.join(VECTORS, name)) as f:
        return json.load(f)


def write(target, seeds):
    """Writes the seeds; leaves other files (findings a campaign saved there) in place."""
    d = os.path.join(RESOURCES, target)
    os.makedirs(d, exist_ok=True)
    for name, data in seeds:
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)


def main():
    messages = [(c["name"], bytes.fromhex(c["hex"])) for c in load("messages.json")["cases"]]
    malformed = [("malformed-" + c["name"], bytes.fromhex(c["hex"])) for c in load("malformed.json")["cases"]]
    handshakes = [(c["name"], bytes.fromhex(c["hex"])) for c in load("handshakes.json")["cases"]
                  if c["name"].startswith("ext-")]
    exchange = load("exchange.json")
    streams = {"A": b"", "B": b""}
    for step in exchange["steps"]:
        streams[step["from"]] += bytes.fromhex(step["hex"])
    # A's stream is what the acceptor B reads; B's stream starts with B's handshake.
    frames = [("exchange-from-A", streams["A"]), ("exchange-from-B", streams["B"])]
    frames += [("frame-" + c["name"], streams["A"][:68] + bytes.fromhex(c["frame_hex"]))
               for c in load("messages.json")["cases"]]

    write("BencodeFuzzTestInputs/decode", messages + malformed + handshakes)
    write("ExtensionMessageFuzzTestInputs/decode", messages + malformed)
    write("PeerWireFuzzTestInputs/stream", frames)


if __name__ == "__main__":
    main()

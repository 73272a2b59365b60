"""The CPU cost of GOST verification (verification.gost, gostcrypto in pure
Python): one signature verified, 256 and 512 bits, and Streebog over 1 MB
(what a GOST-signed CRL costs per MB). Prints process CPU and wall time and
the load average; a few seconds in all.

    PYTHONPATH=src:tests python benchmarks/gost.py
"""

import os
import time

from signing_gost_ca import NCA, GostKey

from consult.verification import gost


def timed(function, repeat):
    wall, cpu = time.perf_counter(), time.process_time()
    for _ in range(repeat):
        function()
    return (time.process_time() - cpu) / repeat, (time.perf_counter() - wall) / repeat


def main():
    print(f"load average: {open('/proc/loadavg').read().split()[:3]}")
    for size in (32, 64):
        key = GostKey(size, NCA)
        public = gost.public_key(key.spki().dump())
        signature = key.sign(b"data")
        arguments = (public, key.signature_oid, signature, b"data")
        cpu, wall = timed(lambda arguments=arguments: gost.verify(*arguments), 5)
        print(f"verify GOST {size * 8}: {cpu * 1000:.0f} ms CPU, {wall * 1000:.0f} ms wall")
    data = os.urandom(1024 * 1024)
    for size in (32, 64):
        cpu, wall = timed(lambda size=size: gost.digest(size, data), 1)
        print(f"Streebog-{size * 8} of 1 MB: {cpu:.2f} s CPU, {wall:.2f} s wall")


if __name__ == "__main__":
    main()

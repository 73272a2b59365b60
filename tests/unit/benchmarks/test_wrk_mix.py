"""benchmarks/wrk/mix.lua in a real wrk against a small server: requests
drawn from the list by weight, with their headers, and the JSON summary
`wrk_load.py` reads (statuses, kinds, nginx's cache statuses)."""

import http.server
import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest

BENCHMARKS = Path(__file__).resolve().parents[3] / "benchmarks"
WRK = shutil.which("wrk")


class Answers(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    seen = []

    def do_GET(self):
        self.seen.append((self.path, self.headers.get("Accept-Language")))
        status = 200 if self.path.startswith("/page") else 404
        body = b"page"
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Cache-Status", "HIT" if status == 200 else "MISS")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    Answers.seen = []
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.skipif(WRK is None, reason="wrk is not installed (Debian: apt-get install wrk)")
def test_the_script_draws_by_weight_sends_headers_and_sums_up_in_json(server, tmp_path):
    listing = tmp_path / "list.urls"
    listing.write_text(
        "3\tarticle\t/page/1\tAccept-Language: kk\n1\tmissing\t/nothing\n0\tnever\t/never\n"
    )
    script = BENCHMARKS / "wrk" / "mix.lua"
    done = subprocess.run(
        [WRK, "-t1", "-c2", "-d1s", "-s", str(script), "--", server, str(listing)],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    line = next(line for line in done.stdout.splitlines() if line.startswith("WRK-JSON "))
    summary = json.loads(line.removeprefix("WRK-JSON "))

    answered = summary["statuses"]
    assert set(answered) == {"200", "404"}
    assert sum(answered.values()) == summary["requests"] > 20
    assert answered["200"] > answered["404"]  # drawn 3 to 1
    assert set(summary["kinds"]) == {"article", "missing"}
    assert summary["caches"] == {"HIT": answered["200"], "MISS": answered["404"]}
    assert summary["errors"]["status"] == answered["404"]
    assert summary["latency_us"]["percentiles"]["99"] >= summary["latency_us"]["percentiles"]["50"]
    assert ("/page/1", "kk") in Answers.seen
    assert all(path != "/never" for path, _ in Answers.seen)

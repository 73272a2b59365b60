"""An OCSP responder of the tests' own: a real HTTP server in a thread,
answering the requests it receives with responses `cryptography` builds
from the tests' CA (signing_ca), as the test sets it up: the status of each
certificate, who signs (the issuer, a delegated responder, another key),
the answer's dates, whether it echoes the nonce, or no answer at all."""

import threading
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.serialization import Encoding
from cryptography.x509 import ocsp
from factories import NOW

GOOD, REVOKED, UNKNOWN = (
    ocsp.OCSPCertStatus.GOOD,
    ocsp.OCSPCertStatus.REVOKED,
    ocsp.OCSPCertStatus.UNKNOWN,
)


@dataclass
class Behaviour:
    """What the responder answers; the tests change it between requests."""

    signer: object  # (certificate, key) that signs; its certificate is named
    statuses: dict = field(default_factory=dict)  # serial -> GOOD / REVOKED / UNKNOWN
    carried: tuple = ()  # certificates sent with the answer (a delegated responder's)
    this_update: object = NOW - timedelta(minutes=1)
    next_update: object = NOW + timedelta(hours=1)
    by_name: bool = False  # the responder named by its name, not its key's hash
    echo_nonce: bool = True
    http_status: int = 200
    body: bytes = None  # sent instead of an answer (garbage, too much)
    build: object = None  # build(request) -> DER answer, instead of the built-in one
    hold: threading.Event = None  # answer only once set (a responder too slow)


class Responder:
    """`url` answers OCSP POSTs by `behaviour`; `requests` keeps what came."""

    def __init__(self, behaviour):
        self.behaviour = behaviour
        self.requests = []
        responder = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                responder.requests.append(ocsp.load_der_ocsp_request(body))
                behaviour = responder.behaviour
                if behaviour.hold is not None:
                    behaviour.hold.wait(10)
                build = behaviour.build or responder.answer
                answer = behaviour.body or build(responder.requests[-1])
                self.send_response(behaviour.http_status)
                self.send_header("Content-Type", "application/ocsp-response")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)
        self.thread.start()

    def answer(self, request):
        behaviour = self.behaviour
        status = behaviour.statuses.get(request.serial_number, UNKNOWN)
        revoked = status == REVOKED
        builder = ocsp.OCSPResponseBuilder().add_response_by_hash(
            issuer_name_hash=request.issuer_name_hash,
            issuer_key_hash=request.issuer_key_hash,
            serial_number=request.serial_number,
            algorithm=hashes.SHA1(),
            cert_status=status,
            this_update=behaviour.this_update,
            next_update=behaviour.next_update,
            revocation_time=NOW - timedelta(days=1) if revoked else None,
            revocation_reason=x509.ReasonFlags.key_compromise if revoked else None,
        )
        certificate, key = behaviour.signer
        encoding = (
            ocsp.OCSPResponderEncoding.NAME
            if behaviour.by_name
            else (ocsp.OCSPResponderEncoding.HASH)
        )
        builder = builder.responder_id(encoding, certificate)
        if behaviour.carried:
            builder = builder.certificates(list(behaviour.carried))
        if behaviour.echo_nonce:
            for extension in request.extensions:
                if isinstance(extension.value, x509.OCSPNonce):
                    builder = builder.add_extension(extension.value, critical=False)
        return builder.sign(key, hashes.SHA256()).public_bytes(Encoding.DER)

    def close(self):
        if self.behaviour.hold is not None:
            self.behaviour.hold.set()
        self.server.shutdown()
        self.server.server_close()


def responder_certificate(ca, key, usage=True, issuer=None, issuer_key=None):
    """A certificate for `key` issued by the CA's intermediate (or
    `issuer`), with the OCSP signing extended key usage when `usage`."""
    builder = (
        x509.CertificateBuilder()
        .subject_name(
            x509.Name([x509.NameAttribute(x509.NameOID.COMMON_NAME, "Test NCA OCSP responder")])
        )
        .issuer_name((issuer or ca.intermediate).subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - timedelta(days=1))
        .not_valid_after(NOW + timedelta(days=30))
    )
    if usage:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([x509.oid.ExtendedKeyUsageOID.OCSP_SIGNING]), critical=False
        )
    return builder.sign(issuer_key or ca.intermediate_key, hashes.SHA256())

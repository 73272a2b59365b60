"""A certification authority of the tests' own, shaped like the NCA's: a
root, an intermediate, and people's certificates whose subject carries
`serialNumber=IIN...`; and CMS signatures made with them by `cryptography`
(what NCALayer produces: base64 DER, attached or detached, with or without
signed attributes)."""

import base64
from datetime import timedelta

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from factories import NOW

# Small keys keep the tests fast; the verifier accepts any size cryptography does.
RSA_BITS = 1024


def rsa_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)


def _name(common_name, serial=None):
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if serial is not None:
        attributes.append(x509.NameAttribute(NameOID.SERIAL_NUMBER, serial))
    attributes.append(x509.NameAttribute(NameOID.COUNTRY_NAME, "KZ"))
    return x509.Name(attributes)


def certificate(subject, key, issuer=None, issuer_key=None, ca=False, start=None, days=365):
    """A certificate of `key` for `subject` (an x509.Name), issued by the
    certificate `issuer` with `issuer_key` (self-signed without them), valid
    `days` from `start` (a day before the tests' clock by default)."""
    start = start or NOW - timedelta(days=1)
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer is not None else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    return builder.sign(issuer_key or key, hashes.SHA256())


class TestCA:
    """A root and an intermediate; `person(iin)` issues a person's
    certificate under the intermediate."""

    __test__ = False  # not a test class, whatever its name

    def __init__(self, name="Test NCA"):
        self.root_key = rsa_key()
        # Valid years before and after the tests' clock, as the NCA's are.
        since = NOW - timedelta(days=1000)
        self.root = certificate(
            _name(f"{name} root"), self.root_key, ca=True, start=since, days=3650
        )
        self.intermediate_key = rsa_key()
        self.intermediate = certificate(
            _name(f"{name} (RSA)"),
            self.intermediate_key,
            self.root,
            self.root_key,
            ca=True,
            start=since,
            days=3000,
        )

    def person(self, iin, common_name="SERIKOVA ALIYA", key=None, **validity):
        """(certificate, key) of a person; `iin=None` for a subject without one."""
        key = key or rsa_key()
        serial = None if iin is None else f"IIN{iin}"
        cert = certificate(
            _name(common_name, serial), key, self.intermediate, self.intermediate_key, **validity
        )
        return cert, key

    def write_root(self, path):
        path.write_bytes(self.root.public_bytes(serialization.Encoding.PEM))
        return str(path)

    def write_intermediate(self, path):
        path.write_bytes(self.intermediate.public_bytes(serialization.Encoding.DER))
        return str(path)


def sign(text, cert, key, extra=(), detached=True, attributes=True, data=None):
    """The base64 CMS of `text` (or of the bytes `data`) signed with `key`,
    carrying `cert` and the certificates `extra` (an intermediate)."""
    builder = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(text.encode() if data is None else data)
        .add_signer(cert, key, hashes.SHA256())
    )
    for other in extra:
        builder = builder.add_certificate(other)
    options = [pkcs7.PKCS7Options.Binary]
    if detached:
        options.append(pkcs7.PKCS7Options.DetachedSignature)
    if not attributes:
        options.append(pkcs7.PKCS7Options.NoAttributes)
    der = builder.sign(serialization.Encoding.DER, options)
    return base64.b64encode(der).decode()


def ec_key():
    return ec.generate_private_key(ec.SECP256R1())


def crl(issuer, key, revoked=(), next_update=None):
    """An RSA CRL of the certificate `issuer` signed with `key`."""
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(issuer.subject)
        .last_update(NOW - timedelta(hours=1))
        .next_update(next_update or NOW + timedelta(days=1))
    )
    for serial in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder()
            .serial_number(serial)
            .revocation_date(NOW - timedelta(hours=2))
            .build()
        )
    return builder.sign(key, hashes.SHA256())

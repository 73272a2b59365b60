"""Evolution steps of the audit log (registered in the one ordered list,
resources.evolution)."""

from .models import AuditLog


def evolve_12_audit_log(root):
    """Add the audit log (an append-only hash chain of record-relevant actions)."""
    if "audit" not in root:
        root.add("audit", AuditLog())


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(12, evolve_12_audit_log)

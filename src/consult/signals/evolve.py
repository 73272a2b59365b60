"""Evolution steps of the signals (registered in the one ordered list,
resources.evolution)."""

from .models import evolve_signals_activity_logs


def evolve_8_activity_logs(root):
    """Give every consultation an activity log for the burst signals."""
    evolve_signals_activity_logs(root)


def includeme(config):
    config.include("consult.resources.evolution")
    config.add_evolution_step(8, evolve_8_activity_logs)

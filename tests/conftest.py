"""Settings for the whole test suite."""

from hypothesis import settings

# Hypothesis's per-example deadline measures wall time, which on a shared 2-core machine (and in
# CI) varies tenfold with other load; speed is measured in bench/, not in tests. Turn it off
# everywhere so a property test fails only on a wrong result, never on a slow moment.
settings.register_profile("hedui", deadline=None)
settings.load_profile("hedui")

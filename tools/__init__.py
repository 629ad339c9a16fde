"""Development tools for bjla that are not part of the installed package.

* ``tools.fleetgen``: the sample job histories and large synthetic fleets;
* ``tools.loggen``: the sample agent logs and large synthetic waagent.log files;
* ``tools.fuzz``: the fuzz harness.

Run them from the repository root as modules (``python -m tools.fleetgen ...``); the
tests and benchmarks import them as ``tools.*``.
"""

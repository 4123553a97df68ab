"""Running a sweep's tasks: here, on a local Dask cluster, or on a Dask cluster elsewhere.

Part of **simulate**, and the one home of ``dask.distributed``. A sweep is a list of
independent tasks (a point's scenario and a replication number); each returns that
replication's KPIs, which depend on the task alone, so whoever runs them the table is
the same.

- ``in_process``: one after another in this process (no Dask).
- ``local``: a ``LocalCluster`` of worker processes on this machine's cores, started and
  stopped by the command (nothing to start by hand).
- ``remote``: a running cluster at ``tcp://HOST:8786`` (or ``tls://``), started by hand:
  ``dask scheduler`` on one machine, ``dask worker tcp://HOST:8786`` on each of the
  others (every worker needs the same policy-kit version installed, ``pip install
  policy-kit``; the definition and scenarios travel with the tasks). A Dask scheduler
  runs whatever any client that reaches it sends: bind it to a private network
  (``dask scheduler --host 10.0.0.5``) or require TLS — ``security`` passes Dask's
  ``Security`` settings (CA, certificate, key) through, as ``--tls-ca-file``,
  ``--tls-cert`` and ``--tls-key`` give them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from ..errors import PolicyKitError, UsageError
from ..loader import Definition
from .parallel import Replications
from .scenario import Scenario
from .sweep import run_task

__all__ = ["Tls", "Runner", "in_process", "local", "remote"]

Task = tuple[int, int]
"""(index of the point's scenario, replication)."""
Results = list[dict[str, float | None]]
Runner = Callable[[Definition, Sequence[Scenario], Replications, Sequence[Task]], Results]


def in_process(definition: Definition, scenarios: Sequence[Scenario], plan: Replications,
               tasks: Sequence[Task]) -> Results:
    """Every task here, one after another."""
    return [run_task(definition, scenarios[i], plan, r) for i, r in tasks]


def local(workers: int) -> Runner:
    """A runner on a ``LocalCluster`` of ``workers`` processes (one thread each: the
    simulation holds the GIL), started for the sweep and closed after it."""
    def run(definition: Definition, scenarios: Sequence[Scenario], plan: Replications,
            tasks: Sequence[Task]) -> Results:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=workers, threads_per_worker=1,  # type: ignore[no-untyped-call]
                               processes=True, dashboard_address=None)
        with cluster, Client(cluster) as client:  # type: ignore[no-untyped-call]
            return _on(client, definition, scenarios, plan, tasks)

    return run


Tls = tuple[str | None, str | None, str | None]
"""(CA file, certificate file, key file) for a TLS connection to the scheduler."""


def remote(address: str, tls: Tls = (None, None, None)) -> Runner:
    """A runner on the running cluster at ``address`` (``tcp://`` or ``tls://``)."""
    ca, cert, key = tls
    if address.startswith("tls://") != any(tls) and any(tls):
        raise UsageError("--tls-* options need a tls://HOST:PORT address for --cluster",
                         zh="--tls-* 选项需要 --cluster 给出 tls://HOST:PORT 地址")

    def run(definition: Definition, scenarios: Sequence[Scenario], plan: Replications,
            tasks: Sequence[Task]) -> Results:
        from distributed import Client
        from distributed.security import Security

        security: Any = None
        if any(tls):
            security = Security(tls_ca_file=ca, tls_client_cert=cert,  # type: ignore[no-untyped-call]
                                tls_client_key=key, require_encryption=True)
        try:
            client = Client(address, security=security,  # type: ignore[no-untyped-call]
                            timeout="20s")
        except (OSError, TimeoutError) as error:
            raise PolicyKitError(f"--cluster {address}: cannot reach the Dask scheduler "
                                 f"({error})",
                                 zh=f"--cluster {address}：连不上 Dask 调度器（{error}）") from None
        with _closing(client):
            return _on(client, definition, scenarios, plan, tasks)

    return run


def _closing(client: Any) -> AbstractContextManager[Any]:
    return client if hasattr(client, "__enter__") else nullcontext(client)


def _on(client: Any, definition: Definition, scenarios: Sequence[Scenario],
        plan: Replications, tasks: Sequence[Task]) -> Results:
    """Send the tasks (the definition once to every worker); gather in task order."""
    shared = client.scatter(definition, broadcast=True)
    points = client.scatter(list(scenarios))
    futures = [client.submit(run_task, shared, points[i], plan, r, pure=False)
               for i, r in tasks]
    results: Results = client.gather(futures)
    return results

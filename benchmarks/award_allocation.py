"""Benchmark (not a test): 100,000 applicants of the Xianyang policy, allocated.

Target (issue 11): 100,000 applicants allocated in at most 5 s. Three figures, each the best
of ``--repeat`` runs, with the ratio to the target (below 1.0 meets it):

- allocate:   sharing the budget among 100,000 entitlements (pro rata and by rank), the
              step the target names;
- compute:    every applicant's eligibility, rewards and caps, then the allocation
              (``award_with`` on applicants already in memory);
- end to end: reading a 100,000-row CSV, then ``award_year`` (what ``policy-kit award``
              does, without printing).

The applicants are random but seeded, and their demand exceeds the 20M budget so that the
pro-rata rule really scales every share.

    /work/venv/bin/python benchmarks/award_allocation.py [--applicants N] [--repeat R]
"""

from __future__ import annotations

import argparse
import csv
import random
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

from policy_kit.policy import (
    Policy,
    allocate,
    award_with,
    award_year,
    load_policy,
    needed_columns,
    read_applicants,
)
from policy_kit.policy.money import whole_fen

TARGET_SECONDS = 5.0
SECTORS = ["film_tv_media", "ecommerce_livestreaming", "creative_design", "animation_games",
           "cultural_equipment", "other"]


def applicant_rows(count: int, seed: int) -> list[dict[str, str]]:
    """``count`` plausible applicants, as the text cells of a spreadsheet."""
    rng = random.Random(seed)
    rows = []
    for index in range(count):
        incubator = rng.choice([0, 0, 1, 2, 3])
        rows.append({
            "name": f"firm-{index:06d}", "sector": rng.choice(SECTORS),
            "registered_in_zone": rng.choice(["true", "true", "true", "false"]),
            "expert_score": str(rng.randint(40, 100)),
            "paid_in_capital": str(rng.randrange(0, 20_000_000, 1000)),
            "capital_reward_received": rng.choice(["true", "false"]),
            "incubator_year": str(incubator),
            "rent_paid": f"{rng.randint(0, 50_000_000) / 100:.2f}" if incubator else "0",
            "revenue": str(rng.randrange(0, 30_000_000, 100)),
            "revenue_growth": f"{rng.uniform(-20, 60):.1f}",
            "vat_paid": f"{rng.randint(0, 40_000_000) / 100:.2f}",
            "income_tax_paid": f"{rng.randint(0, 10_000_000) / 100:.2f}",
            "tax_refund_years_used": str(rng.randint(0, 4)),
            "new_park_area": str(rng.choice([0] * 49 + [rng.randint(5_000, 30_000)])),
            "new_venue": rng.choice(["none"] * 9 + ["cinema"]),
            "new_venue_area": str(rng.randint(0, 3000)),
            "films_in_national_cinemas": str(rng.choice([0] * 19 + [1])),
            "dramas_on_key_channels": str(rng.choice([0] * 19 + [1])),
            "graduate_months": str(rng.choice([0, 0, 12, 24, 36])),
            "graduate_rent_paid": str(rng.randint(0, 40_000)),
        })
    return rows


def best(repeat: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def report(label: str, seconds: float, count: int) -> None:
    print(f"{label:<34} {seconds:8.3f} s   {count / seconds:>11,.0f} applicants/s   "
          f"ratio to the {TARGET_SECONDS:.0f} s target: {seconds / TARGET_SECONDS:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applicants", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2023)
    args = parser.parse_args()
    policy: Policy = load_policy("xianyang-culture-subsidy")
    rows = applicant_rows(args.applicants, args.seed)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "applicants.csv"
        with path.open("w", encoding="utf-8", newline="") as stream:
            writer = csv.DictWriter(stream, fieldnames=list(rows[0]))
            writer.writeheader()
            writer.writerows(rows)
        needed = needed_columns(policy)
        applicants = read_applicants(path, policy.definition.process, needed)
        year = policy.parameters(2023)
        result = award_with(policy, year, applicants.rows)
        owed = [whole_fen(a.entitlement.amount) for a in result.awards
                if a.entitlement.amount > 0]
        scores = [a.entitlement.applicant.values["expert_score"] for a in result.awards
                  if a.entitlement.amount > 0]
        budget = whole_fen(year.budget)
        print(f"{args.applicants:,} applicants, {len(owed):,} owed something; demand "
              f"{result.demand:,.2f} yuan against a budget of {result.budget:,.2f}; "
              f"paid {result.total:,.2f}")
        report("allocate (pro rata)", best(args.repeat, lambda: allocate(owed, budget)),
               len(owed))
        report("allocate (by rank, ties share)", best(args.repeat, lambda: allocate(
            owed, budget, keys=scores, descending=True)), len(owed))
        report("compute + allocate", best(args.repeat, lambda: award_with(
            policy, year, applicants.rows)), args.applicants)
        report("end to end (read CSV + award)", best(args.repeat, lambda: _end_to_end(
            policy, path)), args.applicants)


def _end_to_end(policy: Policy, path: Path) -> Decimal:
    applicants = read_applicants(path, policy.definition.process, needed_columns(policy))
    return award_year(policy, applicants.rows, 2023, applicants).total


if __name__ == "__main__":
    main()

"""Proof that the checks of the farm's key figures can fail because of the *model*, not only because stored rows were
edited: each case runs the real plugin in a subprocess on a tiny schedule with one plausible engine bug patched in
(a conftest of the inner run), and asserts that the named check fails; the real engine passes.

The bugs are the ones a farm model gets wrong in practice: a feeding table read in the wrong unit (twice too high),
a growth coefficient halved, a delousing that removes no lice, the weather frozen to the climatology, a mortality
rate three times too high, an observed FCR on any gain and uncapped, a sample's condition factor and spread by the rule
before the client's, a sensor fault labelled but never applied to
the readings, a sensor's lower bound held (a day of readings held at one value, the stuck signature, with no
incident behind it), a feeding system that feeds through a storm, fish that eat as much in a low-oxygen spell, low-
oxygen deaths that follow the warm water but not the spell, a count that forgets the fish an escape let out, sick
fish that eat as usual, an outbreak's deaths mixed into the day's drawn causes, a lice outbreak planned but
never passed to the lice, the people's geographies swapped, feedings signed by the manager, a harvest marked done
on its first ring's day, every female's eggs counted twice, twice the growth coefficient
in the halls, a transfer's water read where the fish went, storms that blow no gale, the feed budgeted at a
tonne's price, smolts sold by the tonne at the price per kg, and delousings that go out in a gale; on a farm with
active batches, feeding summaries over 30 days.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

#: bug -> (the conftest that patches it in, the check that must fail)
BUGS: dict[str, tuple[str, str]] = {
    "a feeding table twice too high": (
        "from pytest_aquadata.farm import ration\n"
        "real = ration.ration_pct\n"
        "ration.ration_pct = lambda temp_c, weight_g: 2 * real(temp_c, weight_g)\n",
        "feed-conversion"),
    "half the growth coefficient": (
        "from pytest_aquadata.farm import biology\n"
        "biology.TGC = {stage: tgc / 2 for stage, tgc in biology.TGC.items()}\n",
        "harvest-lots-add-up"),
    "a delousing that removes no lice": (
        "from pytest_aquadata.farm import biology\n"
        "biology.TREATMENTS = tuple(t[:5] + (0.0,) for t in biology.TREATMENTS)\n",
        "lice-treatments"),
    "the weather frozen to the climatology": (
        "from pytest_aquadata.farm import catalog, weather\n"
        "def frozen(seed, area, first, days):\n"
        "    code = area.split('-')[0]\n"
        "    geography = next(g.name for g in catalog.GEOGRAPHIES if g.code == code)\n"
        "    return weather.climatology(geography, first, days)\n"
        "weather.sea_temperature = frozen\n",
        "warm-years-harvest-sooner"),
    "mortality three times too high": (
        "from pytest_aquadata.farm import biology\n"
        "biology.BASELINE_MORTALITY = {stage: 3 * rate for stage, rate in biology.BASELINE_MORTALITY.items()}\n",
        "survival"),
    "a sample's condition factor the fish's mean, its spread the sample's (the rule before the client's)": (
        "from pytest_aquadata.engine import derived\n"
        "real = derived.sample_statistics\n"
        "def ours(weights, lengths):\n"
        "    out = real(weights, lengths)\n"
        "    return {**out, 'std_deviation_weight': weights.std(axis=1, ddof=1),\n"
        "            'condition_factor': (100 * weights / lengths**3).mean(axis=1)}\n"
        "derived.sample_statistics = ours\n",
        "growth-samples-by-the-clients-rule"),
    "an observed FCR on any gain, uncapped (the rule before the client's)": (
        "import numpy as np\n"
        "from pytest_aquadata.engine import derived\n"
        "def any_gain(feed_kg, gain_kg):\n"
        "    defined = (gain_kg > 0) & (feed_kg > 0)\n"
        "    return np.where(defined, feed_kg / np.where(defined, gain_kg, 1), 0), defined\n"
        "derived.observed_fcr = any_gain\n",
        "observed-fcr-by-the-clients-rule"),
    "the geographies' profile codes swapped": (
        "from pytest_aquadata.farm import people\n"
        "people.PROFILE_GEOGRAPHY = {'Faroe Islands': 'SC', 'Scotland': 'FO'}\n",
        "staff-at-every-site"),
    "a harvest marked done on its first ring's day, not its last's": (
        "from pytest_aquadata.engine import planning\n"
        "real = planning._harvest\n"
        "def first_ring(ctx, of):\n"
        "    found = real(ctx, of)\n"
        "    days = planning._array(of.get('harvest_harvestevent'), 'event_date') if found.done is not None else None\n"
        "    first = None if days is None else days.min().astype('datetime64[D]')\n"
        "    return planning.Activity(found.kind, found.due, found.note, found.container, first, found.begun)\n"
        "planning._harvest = first_ring\n",
        "plans-follow-what-happened"),
    "a harvest's waste averaged over its lots instead of summed": (
        "from pytest_aquadata import rows as r\n"
        "from pytest_aquadata.engine import batch, harvest\n"
        "real = harvest.rows\n"
        "def averaged(ctx, seg, aids):\n"
        "    out = real(ctx, seg, aids)\n"
        "    return [r.TableRows(p.table, p.rows, {**p.data, 'weight_kg': p.data['weight_kg'] / 5})\n"
        "            if p.table == 'harvest_harvestwaste' else p for p in out]\n"
        "harvest.rows = averaged\n",
        "harvest-waste-adds-up"),
    "every female's eggs counted twice (her fecundity doubled)": (
        "from pytest_aquadata.engine import broodstock\n"
        "real = broodstock._draw_females\n"
        "def doubled(rng, eggs):\n"
        "    weights, per_kg = real(rng, eggs // 2)\n"
        "    return weights, 2 * per_kg\n"
        "broodstock._draw_females = doubled\n",
        "eggs-come-from-their-source"),
    "twice the growth coefficient in the halls (fish outgrow their stages)": (
        "from pytest_aquadata.farm import biology\n"
        "biology.TGC = {stage: 2 * tgc if stage != 'Adult' else tgc for stage, tgc in biology.TGC.items()}\n",
        "reference-data-describes-the-farm"),
    "a transfer's water read from where the fish went, not where they left": (
        "import numpy as np\n"
        "from pytest_aquadata.engine import transfers\n"
        "real = transfers._water\n"
        "def arrived(ctx, moves, workflows):\n"
        "    rows = real(ctx, moves, workflows)\n"
        "    rows.data['temperature'] = np.array([round(float(tr.dest.water_c[:, 0].mean()), 2) for tr in moves])\n"
        "    return rows\n"
        "transfers._water = arrived\n",
        "health-records-follow-the-fish"),
    "storms that blow no gale": (
        "from pytest_aquadata.farm import atmosphere\n"
        "atmosphere.STORM_WIND_MS = 10.0\n",
        "weather-follows-the-sea"),
    "the feed budgeted at the price of a tonne": (
        "from pytest_aquadata.engine import feeding\n"
        "real = feeding.expected_price\n"
        "feeding.expected_price = lambda stages, weight_g, days: 1000 * real(stages, weight_g, days)\n",
        "costs-booked-to-the-sites"),
    "smolts' biomass priced in tonnes at the price per kg": (
        "from pytest_aquadata.engine import transfers\n"
        "real = transfers._sale\n"
        "transfers._sale = lambda ctx, tr, workflow, biomass_kg: real(ctx, tr, workflow, biomass_kg / 1000)\n",
        "costs-booked-to-the-sites"),
    "delousings that go out in a gale": (  # storms made common, so that the tiny farm's delousings meet some
        "import numpy as np\n"
        "from pytest_aquadata.engine import infestation\n"
        "from pytest_aquadata.farm import events\n"
        "season = events._season\n"
        "events._season = lambda seed, area, kind, year, rate: season(\n"
        "    seed, area, kind, year, 30.0 if kind == 'storm' else rate)\n"
        "infestation.storm_delays = lambda count_days, storm: np.zeros(len(count_days), dtype=np.int64)\n",
        "plans-follow-what-happened"),
    "feedings signed by the site's manager": (
        "from pytest_aquadata.farm import people\n"
        "real = people.duties\n"
        "def mixed_up(staff):\n"
        "    out = real(staff)\n"
        "    return {**out, **{(site, 'feeder'): out[site, 'manager'] for site, duty in out if duty == 'manager'}}\n"
        "people.duties = mixed_up\n",
        "recorded-by-the-sites-staff"),
    "a stuck sensor that is labelled but not applied": (
        "from pytest_aquadata.engine import faults\n"
        "real = faults.apply\n"
        "faults.apply = lambda broken, values, rng: real([f for f in broken if f.kind != 'sensor_stuck'], values, rng)\n",
        "incidents-match-the-readings"),
    "a feeding system that ignores the storms": (
        "import numpy as np\n"
        "from pytest_aquadata.farm import events\n"
        "events.storm_days = lambda seed, area, first, days, rates: np.zeros(days, dtype=bool)\n",
        "storms-match-the-feedings"),
    "fish that eat as much in low oxygen": (
        "import numpy as np\n"
        "from pytest_aquadata.farm import growth\n"
        "growth.oxygen_appetite = lambda oxygen_pct: np.ones_like(oxygen_pct)\n",
        "low-oxygen-cuts-feeding-and-kills"),
    "low-oxygen deaths from the warm water alone": (
        "from pytest_aquadata.engine import lifecycle\n"
        "from pytest_aquadata.farm import weather\n"
        "real = lifecycle._hazards\n"
        "lifecycle._hazards = lambda stage, water, oxygen, episode, handling: real(\n"
        "    stage, water, weather.oxygen_saturation(water), episode, handling)\n",
        "low-oxygen-cuts-feeding-and-kills"),
    "a count that forgets the escaped fish": (  # escapes made common, so that the tiny farm has some
        "import numpy as np\n"
        "from pytest_aquadata.engine import escapes, lifecycle\n"
        "plan, deaths = escapes.plan, lifecycle._deaths\n"
        "escapes.plan = lambda rate, present, rng: plan(2.0, present, rng)\n"
        "def forgetful(arriving, hazard, torn, rng):\n"
        "    dead, escaped, population = deaths(arriving, hazard, torn, rng)\n"
        "    return dead, escaped, population + np.cumsum(escaped, axis=1)\n"
        "lifecycle._deaths = forgetful\n",
        "escapes-match-the-counts"),
    "sick fish that eat as usual": (  # outbreaks made common, so that the tiny farm has some
        "import numpy as np\n"
        "from pytest_aquadata.engine import outbreaks\n"
        "plan, effects = outbreaks.plan, outbreaks.effects\n"
        "outbreaks.plan = lambda rate, present, rng: plan(1.0, present, rng)\n"
        "def hungry(sick, shape):\n"
        "    appetite, hazard = effects(sick, shape)\n"
        "    return np.ones(shape), hazard\n"
        "outbreaks.effects = hungry\n",
        "outbreaks-worsen-conversion"),
    "an outbreak's deaths mixed into the day's drawn causes": (
        "import numpy as np\n"
        "from pytest_aquadata.engine import lifecycle, outbreaks\n"
        "plan = outbreaks.plan\n"
        "outbreaks.plan = lambda rate, present, rng: plan(1.0, present, rng)\n"
        "lifecycle._outbreak_deaths = lambda deaths, hazard, outbreak, rng: np.zeros_like(deaths)\n",
        "outbreaks-match-the-deaths"),
    "a lice outbreak that never reaches the lice": (  # lice outbreaks made common, so that the tiny farm lives some
        "import numpy as np\n"
        "from pytest_aquadata.farm import events\n"
        "season = events._season\n"
        "events._season = lambda seed, area, kind, year, rate: season(\n"
        "    seed, area, kind, year, 3.0 if kind == 'lice_outbreak' else rate)\n"
        "events.lice_pressure = lambda seed, area, first, days, rates: (np.ones(days), np.ones(days))\n",
        "lice-outbreaks-match-the-counts"),
    "a lower bound held instead of reflected": (  # NH4's level moved to its bound, so a tiny farm meets it
        "import numpy as np\n"
        "from pytest_aquadata.engine import environment\n"
        "environment.BASELINES['NH4'] = (0.0005, 0.0, 0.002, 0.001, 0.0005)\n"
        "environment.bounded = lambda values, low: np.maximum(values, low)\n",
        "incidents-match-the-readings"),
}


@pytest.fixture(scope="module")
def tiny_schedule(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Two batches a geography, all harvested by the history end, as `aquadata schedule` writes it."""
    from pytest_aquadata.plan import yamlformat
    from pytest_aquadata.plan.describe import counts
    from pytest_aquadata.plan.planner import PlanParameters, plan

    schedule = plan(PlanParameters(name="tiny", batches_per_geography=2, stagger=45, tail_days=850,
                                   history_end=dt.date(2026, 11, 1)))
    path = tmp_path_factory.mktemp("tiny") / "tiny.yaml"
    path.write_text(yamlformat.dump(schedule, counts(schedule)))
    return str(path)


def _run(pytester: pytest.Pytester, schedule: str, url: str, conftest: str, *more: str) -> pytest.RunResult:
    """The inner run: generation under ``conftest``'s patch, then the checks (``more`` may select one with -k: a bug's
    run needs only the check that guards it, 2 of its 8 s on the others)."""
    pytester.makeconftest(conftest)
    return pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--aquadata={schedule}", f"--aquadata-db={url}",
                                         "--aquadata-today=2026-11-01", "-n", "0", "-q", "-rf", *more, timeout=300)


#: Bugs in what the farm's build makes (its people): their run starts from an empty database, not from the template.
BUILD_BUGS = {"the geographies' profile codes swapped"}


@pytest.fixture(scope="module")
def tiny_farm(aquadata_run: Any, tiny_schedule: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A database with the tiny farm migrated and built (infrastructure, master data, people), kept as a template: a
    bug's run copies it and generates its batches afresh (--aquadata-rebuild), rather than migrating and building
    the farm again, 7 of each run's 17-22 s."""
    import psycopg

    from pytest_aquadata.conninfo import with_database

    name = f"tiny_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(aquadata_run.url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    built = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", f"--aquadata={tiny_schedule}",
         f"--aquadata-db={with_database(aquadata_run.url, name)}", "--aquadata-today=2026-11-01", "-n", "0", "-q",
         "-k", "infrastructure-counts"], cwd=tmp_path_factory.mktemp("tiny_farm"), capture_output=True, text=True,
        timeout=300)
    assert built.returncode == 0, built.stdout[-3000:]
    yield name
    with psycopg.connect(aquadata_run.url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


@pytest.fixture
def farm_copy(aquadata_run: Any, tiny_farm: str) -> Iterator[str]:
    """The URL of a copy of the tiny farm's template, dropped after the test."""
    import psycopg

    from pytest_aquadata.conninfo import with_database

    name = f"copy_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(aquadata_run.url, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name} TEMPLATE {tiny_farm}")
    yield with_database(aquadata_run.url, name)
    with psycopg.connect(aquadata_run.url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE {name} WITH (FORCE)")


def test_the_real_engine_passes_every_check(pytester: pytest.Pytester, tiny_schedule: str, scratch_db: str) -> None:
    result = _run(pytester, tiny_schedule, scratch_db, "")
    result.assert_outcomes(passed=result.parseoutcomes()["passed"])
    assert result.ret == 0


@pytest.mark.parametrize("bug", BUGS)
def test_a_model_bug_fails_the_check_that_guards_it(request: pytest.FixtureRequest, pytester: pytest.Pytester,
                                                    tiny_schedule: str, bug: str) -> None:
    patch, check = BUGS[bug]
    url = request.getfixturevalue("scratch_db" if bug in BUILD_BUGS else "farm_copy")
    result = _run(pytester, tiny_schedule, url, patch, "--aquadata-rebuild", "-k", check)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()[-3000:]
    result.stdout.fnmatch_lines([f"FAILED test_dataset.py::test_dataset[[]{check}[]]*"])


#: Bugs that show only on a farm whose batches are still at sea when the history ends (what AquaMind summarises).
ACTIVE_BUGS: dict[str, tuple[str, str]] = {
    "feeding summaries over 30 days, not AquaMind's 31": (
        "from pytest_aquadata.engine import summaries\n"
        "summaries.WINDOW_DAYS = 29\n",
        "feeding-summaries-by-the-clients-rule"),
}


@pytest.fixture(scope="module")
def active_schedule(tmp_path_factory: pytest.TempPathFactory) -> str:
    """Two batches a geography, both at sea when the history ends."""
    from pytest_aquadata.plan import yamlformat
    from pytest_aquadata.plan.describe import counts
    from pytest_aquadata.plan.planner import PlanParameters, plan

    schedule = plan(PlanParameters(name="active", batches_per_geography=2, stagger=45, tail_days=120,
                                   history_end=dt.date(2026, 11, 1)))
    path = tmp_path_factory.mktemp("active") / "active.yaml"
    path.write_text(yamlformat.dump(schedule, counts(schedule)))
    return str(path)


@pytest.mark.parametrize("bug", ACTIVE_BUGS)
def test_a_model_bug_of_active_batches_fails_its_check(pytester: pytest.Pytester, active_schedule: str,
                                                       scratch_db: str, bug: str) -> None:
    clean = _run(pytester, active_schedule, scratch_db, "")  # the real engine passes this farm's checks
    assert clean.ret == 0, clean.stdout.str()[-3000:]
    patch, check = ACTIVE_BUGS[bug]
    pytester.makeconftest(patch)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", f"--aquadata={active_schedule}",
                                           f"--aquadata-db={scratch_db}", "--aquadata-today=2026-11-01",
                                           "--aquadata-rebuild", "-n", "0", "-q", "-rf", "-k", check, timeout=300)
    assert result.ret == pytest.ExitCode.TESTS_FAILED, result.stdout.str()[-3000:]
    result.stdout.fnmatch_lines([f"FAILED test_dataset.py::test_dataset[[]{check}[]]*"])

"""What a project's pages look things up in, against what the farm's rows show: the meaning of every health score
recorded, and each stage's weight range in the scenario's biological constraints, which its fish keep to."""

from __future__ import annotations

from pytest_aquadata.farm import catalog
from pytest_aquadata.verify.checks.common import fetch
from pytest_aquadata.verify.dataset import Dataset

#: The share of a stage's daily states whose fish may weigh outside its constraint's range: the stage's first and
#: last days, when a container's fish straddle the stage boundary.
OUTSIDE_SHARE = 0.05


def reference_data_describes_the_farm(ds: Dataset) -> list[str]:
    """Every score recorded for a health parameter has its definition; every stage has one weight constraint, and
    no more than OUTSIDE_SHARE of the stage's daily states lie outside it; the chart of accounts has its groups'
    allocation rules; each scenario changes to the sea's growth model on its first day at sea (_model_changes)."""
    if ds.conn.execute("SELECT to_regclass('health_parameterscoredefinition') IS NULL "
                       "OR to_regclass('scenario_stage_constraint') IS NULL").fetchone()[0]:
        return []
    scores = fetch(ds.conn, """
        SELECT p.name, s.score, count(*) FROM health_fishparameterscore s JOIN health_healthparameter p ON p.id = s.parameter_id
        WHERE NOT EXISTS (SELECT FROM health_parameterscoredefinition d
                          WHERE d.parameter_id = s.parameter_id AND d.score_value = s.score)
        GROUP BY 1, 2 ORDER BY 1, 2""")
    problems = [f"{name}: {n} fish scored {score}, a score with no definition" for name, score, n in scores]
    stages = fetch(ds.conn, """
        WITH kept AS (
            SELECT st.name, count(*) AS days,
                   count(*) FILTER (WHERE d.avg_weight_g < c.min_weight_g OR d.avg_weight_g > c.max_weight_g) AS outside,
                   count(DISTINCT c.id) AS constraints
            FROM batch_actualdailyassignmentstate d JOIN batch_lifecyclestage st ON st.id = d.lifecycle_stage_id
            LEFT JOIN scenario_stage_constraint c ON c.lifecycle_stage = st.name
            GROUP BY 1)
        SELECT name, days, outside, constraints FROM kept
        WHERE constraints <> 1 OR outside > %s * days ORDER BY 1""", (OUTSIDE_SHARE,))
    problems += [f"{name}: {outside} of {days} daily states weigh outside the stage's constraint "
                 f"({constraints} constraints)" for name, days, outside, constraints in stages]
    return problems + _accounts(ds) + _model_changes(ds)


def _accounts(ds: Dataset) -> list[str]:
    """Every account is in a group, and every group has one active allocation rule whose weights share it all."""
    if ds.conn.execute("SELECT to_regclass('finance_core_allocationrule') IS NULL").fetchone()[0]:
        return []
    rows = fetch(ds.conn, """
        SELECT g.code, count(r.*), min((r.rule_definition -> 'weights' ->> 'headcount')::float
                                       + (r.rule_definition -> 'weights' ->> 'biomass')::float),
               (SELECT count(*) FROM finance_core_account a WHERE a.group_id = g.group_id)
        FROM finance_core_accountgroup g
        LEFT JOIN finance_core_allocationrule r ON r.account_group_id = g.group_id AND r.is_active
        GROUP BY g.group_id, g.code
        HAVING count(r.*) <> 1 OR abs(min((r.rule_definition -> 'weights' ->> 'headcount')::float
                                          + (r.rule_definition -> 'weights' ->> 'biomass')::float) - 1) > 1e-9
            OR (SELECT count(*) FROM finance_core_account a WHERE a.group_id = g.group_id) = 0
        ORDER BY 1""")
    loose = ds.conn.execute("SELECT count(*) FROM finance_core_account WHERE group_id IS NULL").fetchone()[0]
    return [f"account group {code}: {n} allocation rules, weights summing to {total}, {accounts} accounts"
            for code, n, total, accounts in rows] + ([f"{loose} accounts in no group"] if loose else [])


def _model_changes(ds: Dataset) -> list[str]:
    """Each scenario starts on the halls' growth model and changes once, on its projection's first day at sea, to its
    geography's sea model."""
    if ds.conn.execute("SELECT to_regclass('scenario_scenariomodelchange') IS NULL").fetchone()[0]:
        return []
    geographies = [(g.code, g.name) for g in catalog.GEOGRAPHIES]
    rows = fetch(ds.conn, """
        WITH places(code, name) AS (SELECT * FROM unnest(%(codes)s::text[], %(names)s::text[])),
        sea AS (
            SELECT r.scenario_id, min(p.day_number) AS day FROM scenario_scenarioprojection p
            JOIN scenario_projectionrun r ON r.run_id = p.projection_run_id
            JOIN batch_lifecyclestage st ON st.id = p.current_stage_id WHERE st.name = %(adult)s GROUP BY 1)
        SELECT s.name, sea.day, count(c.*), min(c.change_day), min(m.location), min(g.name), min(h.location)
        FROM scenario s JOIN sea ON sea.scenario_id = s.scenario_id JOIN batch_batch b ON b.id = s.batch_id
        JOIN places g ON g.code = split_part(b.batch_number, '-', 1)
        JOIN scenario_tgcmodel h ON h.model_id = s.tgc_model_id
        LEFT JOIN scenario_scenariomodelchange c ON c.scenario_id = s.scenario_id
        LEFT JOIN scenario_tgcmodel m ON m.model_id = c.new_tgc_model_id
        GROUP BY s.scenario_id, s.name, sea.day
        HAVING count(c.*) <> 1 OR min(c.change_day) <> sea.day OR min(m.location) <> min(g.name)
            OR min(h.location) <> %(halls)s
        ORDER BY 1""", {"codes": [c for c, _ in geographies], "names": [n for _, n in geographies],
                        "adult": catalog.ADULT.name, "halls": catalog.HALL_TGC_LOCATION})
    return [f"scenario {name}: starts on {start}'s model, {n} changes (day {day} to {model}'s); its plan is at sea "
            f"from day {sea} in {geography}" for name, sea, n, day, model, geography, start in rows]

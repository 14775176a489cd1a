"""Where each batch's eggs came from (engine/broodstock.py): the company's own broodstock, paired under the year's
breeding plan, or a supplier's egg batch, about half each; the eggs its productions record are the eggs its
creation workflow received."""

from __future__ import annotations

from pytest_aquadata.farm import biology
from pytest_aquadata.verify.checks.common import fetch
from pytest_aquadata.verify.dataset import Dataset

#: With this many batches or more, the company's own share of them lies in this range (half each, binomial: 40
#: batches fall outside 0.25-0.75 about once in 4,000 seeds).
SHARE_BATCHES = 20
OWN_SHARE_RANGE = (0.25, 0.75)


def eggs_come_from_their_source(ds: Dataset) -> list[str]:
    """Per batch: its egg productions' eggs are the eggs received; the company's own are its pairs' (one female and
    one male each, moved to the stripping tank of its geography's broodstock station a week before, paired under
    its geography's plan of that year, each female's eggs within her weight times the most eggs per kg), stripped
    the day before the batch starts, and the workflow names the first production; a supplier's are one external
    production with the supplier's egg batch. With enough batches, the company's own are about half of them."""
    most_per_kg = biology.RELATIVE_FECUNDITY_PER_KG[0] + biology.SPAWNER_CLIP_SD * biology.RELATIVE_FECUNDITY_PER_KG[1]
    rows = fetch(ds.conn, """
        WITH produced AS (
            SELECT bp.batch_id, count(*) AS productions, sum(ep.egg_count) AS eggs,
                   count(*) FILTER (WHERE ep.source_type = 'internal') AS own, min(ep.id) AS first,
                   count(x.id) AS supplied, max(x.supplier_id) AS supplier,
                   count(*) FILTER (WHERE ep.production_date::date <> b.start_date - 1) AS off_day,
                   count(*) FILTER (WHERE ep.source_type = 'internal' AND (
                       pr.id IS NULL OR pr.male_fish_id = pr.female_fish_id
                       OR pl.name <> sg.name || ' spawning ' || extract(year FROM ep.production_date)::int  -- breeding_plan_name
                       OR ep.egg_count > ((f.traits ->> 'weight_kg')::float + 0.005) * %(most_per_kg)s + 1  -- kept to 10 g
                       OR f.traits ->> 'sex' <> 'F' OR m.traits ->> 'sex' <> 'M'
                       OR NOT EXISTS (SELECT FROM broodstock_fishmovement mv JOIN infrastructure_container c
                                      ON c.id = mv.to_container_id JOIN infrastructure_hall h ON h.id = c.hall_id
                                      JOIN infrastructure_freshwaterstation s ON s.id = h.freshwater_station_id
                                      WHERE mv.fish_id = f.id AND s.station_type = 'BROODSTOCK'
                                        AND s.geography_id = sg.id AND mv.to_container_id = f.container_id
                                        AND mv.movement_date = ep.production_date - %(move_days)s * interval '1 day'))
                   ) AS bad_pairs
            FROM broodstock_batchparentage bp JOIN batch_batch b ON b.id = bp.batch_id
            JOIN broodstock_eggproduction ep ON ep.id = bp.egg_production_id
            LEFT JOIN broodstock_externaleggbatch x ON x.egg_production_id = ep.id
            LEFT JOIN broodstock_breedingpair pr ON pr.id = ep.pair_id
            LEFT JOIN broodstock_breedingplan pl ON pl.id = pr.plan_id
            LEFT JOIN broodstock_broodstockfish f ON f.id = pr.female_fish_id
            LEFT JOIN broodstock_broodstockfish m ON m.id = pr.male_fish_id
            LEFT JOIN infrastructure_freshwaterstation ds ON ds.id = ep.destination_station_id
            LEFT JOIN infrastructure_geography sg ON sg.id = ds.geography_id
            GROUP BY 1)
        SELECT b.batch_number, w.egg_source_type, w.total_eggs_received, p.eggs, p.productions, p.own, p.supplied,
               p.off_day, p.bad_pairs,
               CASE WHEN w.egg_source_type = 'INTERNAL' THEN w.egg_production_id IS DISTINCT FROM p.first
                    ELSE w.external_supplier_id IS DISTINCT FROM p.supplier END AS wrong_link
        FROM batch_creationworkflow w JOIN batch_batch b ON b.id = w.batch_id LEFT JOIN produced p ON p.batch_id = b.id
        WHERE p.eggs IS DISTINCT FROM w.total_eggs_received OR p.off_day > 0 OR p.bad_pairs > 0
           OR (w.egg_source_type = 'INTERNAL' AND (p.own <> p.productions OR p.supplied > 0
               OR w.egg_production_id IS DISTINCT FROM p.first))
           OR (w.egg_source_type = 'EXTERNAL' AND (p.productions <> 1 OR p.own > 0 OR p.supplied <> 1
               OR w.external_supplier_id IS DISTINCT FROM p.supplier))
        ORDER BY 1""", {"most_per_kg": most_per_kg, "move_days": biology.SPAWNER_MOVE_DAYS})
    problems = [f"batch {number}: {kind.lower()} eggs, {received} received, its {productions or 0} egg productions "
                f"record {eggs} ({own} own, {supplied} from a supplier; {off_day} not stripped the day before it "
                f"started; {bad} whose pair, plan, fish or spawning tank does not hold"
                f"{'; the workflow names another' if wrong else ''})"
                for number, kind, received, eggs, productions, own, supplied, off_day, bad, wrong in rows]
    return problems + _own_share(ds)


def _own_share(ds: Dataset) -> list[str]:
    total, own = ds.conn.execute(
        "SELECT count(*), count(*) FILTER (WHERE egg_source_type = 'INTERNAL') FROM batch_creationworkflow").fetchone()
    low, high = OWN_SHARE_RANGE
    if total >= SHARE_BATCHES and not low <= own / total <= high:
        return [f"{own} of {total} batches hatched the company's own eggs, outside {low:.0%}-{high:.0%} "
                f"(about half, domain.md)"]
    return []

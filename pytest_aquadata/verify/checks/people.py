"""The farm's people (domain.md, section 8; farm/people.py): every station and sea area has its manager and an
operator who may see it, every geography its veterinarian, and nobody may see a site outside their own geography
(the profile's geography is what AquaMind's pages filter on). Nothing to check where the project keeps no user
profiles."""

from __future__ import annotations

from pytest_aquadata.farm import catalog
from pytest_aquadata.verify.checks.common import LIMIT, fetch
from pytest_aquadata.verify.dataset import Dataset

#: The profile code of each geography, as AquaMind defines them (apps/users/models.py, Geography), as SQL VALUES.
#: Written here again on purpose, not taken from farm/people.py: the check must hold the generator to the contract.
_CODES = "('Faroe Islands', 'FO'), ('Scotland', 'SC')"


def staff_at_every_site(ds: Dataset) -> list[str]:
    """Sites without their manager or an operator, geographies without a veterinarian, and anyone who may see a
    site of another geography than their profile's (three small queries over a few hundred people)."""
    if ds.conn.execute("SELECT to_regclass('users_userprofile')").fetchone() == (None,):
        return []
    problems = [f"{kind} {name} has no {role_name} who may see it" for kind, name, role_name in fetch(ds.conn, """
        WITH sites AS (
            SELECT 'area' AS kind, a.id, a.name, g.name AS geography FROM infrastructure_area a
            JOIN infrastructure_geography g ON g.id = a.geography_id
            UNION ALL
            SELECT 'station', s.id, s.name, g.name FROM infrastructure_freshwaterstation s
            JOIN infrastructure_geography g ON g.id = s.geography_id),
        seen AS (
            SELECT 'area' AS kind, area_id AS id, p.role FROM users_userprofile_allowed_areas x
            JOIN users_userprofile p ON p.id = x.userprofile_id
            UNION ALL
            SELECT 'station', freshwaterstation_id, p.role FROM users_userprofile_allowed_stations x
            JOIN users_userprofile p ON p.id = x.userprofile_id)
        SELECT s.kind, s.name, r.name FROM sites s CROSS JOIN (VALUES ('MGR', 'manager'), ('OPR', 'operator')) r(role, name)
        WHERE s.geography <> %s AND NOT EXISTS (
            SELECT FROM seen WHERE seen.kind = s.kind AND seen.id = s.id AND seen.role = r.role)
        ORDER BY 1, 2, 3""", (catalog.TEST_GEOGRAPHY,))]
    problems += [f"{name} has no veterinarian" for (name,) in fetch(ds.conn, f"""
        SELECT g.name FROM (VALUES {_CODES}) g(name, code) WHERE NOT EXISTS (
            SELECT FROM users_userprofile p WHERE p.role = 'VET' AND p.geography = g.code) ORDER BY 1""")]
    problems += [f"{full_name} ({geography}) may see {kind} {site} in {site_geography}"
                 for full_name, geography, kind, site, site_geography in fetch(ds.conn, f"""
        WITH codes(name, code) AS (VALUES {_CODES}),
        seen AS (
            SELECT x.userprofile_id, 'area' AS kind, a.name AS site, a.geography_id FROM users_userprofile_allowed_areas x
            JOIN infrastructure_area a ON a.id = x.area_id
            UNION ALL
            SELECT x.userprofile_id, 'station', s.name, s.geography_id FROM users_userprofile_allowed_stations x
            JOIN infrastructure_freshwaterstation s ON s.id = x.freshwaterstation_id
            UNION ALL
            SELECT x.userprofile_id, 'container', c.name, s.geography_id FROM users_userprofile_allowed_containers x
            JOIN infrastructure_container c ON c.id = x.container_id JOIN infrastructure_hall h ON h.id = c.hall_id
            JOIN infrastructure_freshwaterstation s ON s.id = h.freshwater_station_id)
        SELECT p.full_name, p.geography, seen.kind, seen.site, g.name FROM seen
        JOIN users_userprofile p ON p.id = seen.userprofile_id
        JOIN infrastructure_geography g ON g.id = seen.geography_id JOIN codes ON codes.name = g.name
        WHERE p.geography NOT IN ('ALL', codes.code) ORDER BY 1, 3, 4""")]
    return problems[:LIMIT]


#: The role a duty's person has (rows.RECORDERS; domain.md, section 8): an operator feeds and counts, a manager moves
#: and harvests fish, a veterinarian treats and samples.
_ROLE_OF_DUTY = {"feeder": "OPR", "technician": "OPR", "manager": "MGR", "vet": "VET"}


def recorded_by_the_sites_staff(ds: Dataset) -> list[str]:
    """Every recorded row names a person with the row's duty who may see where it happened: an operator or manager
    of its hall, station or sea area, or the veterinarian of its geography (one aggregation per table over its
    distinct (person, container) pairs)."""
    from pytest_aquadata.rows import RECORDERS

    if ds.conn.execute("SELECT to_regclass('users_userprofile')").fetchone() == (None,):
        return []
    problems = []
    assignments = ds.targets.tables["batch_batchcontainerassignment"]
    for table, (column, duty, where) in sorted(RECORDERS.items()):
        target = ds.targets.tables[table]
        person, place = target.column_for(column), target.column_for(where)
        if person is None or place is None:
            continue
        located = (f'r."{place}"' if where == "container_id" else
                   f'(SELECT a."{assignments.column_for("container_id")}" FROM "{assignments.db_table}" a '
                   f'WHERE a."{assignments.key}" = r."{place}")')
        wrong, total = ds.conn.execute(f"""
            WITH pairs AS (
                SELECT r."{person}" AS person, {located} AS container, count(*) AS n FROM "{target.db_table}" r
                GROUP BY 1, 2),
            places AS (
                SELECT c.id, c.area_id, h.freshwater_station_id AS station_id, g.name AS geography
                FROM infrastructure_container c LEFT JOIN infrastructure_hall h ON h.id = c.hall_id
                LEFT JOIN infrastructure_area a ON a.id = c.area_id
                LEFT JOIN infrastructure_freshwaterstation s ON s.id = h.freshwater_station_id
                JOIN infrastructure_geography g ON g.id = coalesce(a.geography_id, s.geography_id))
            SELECT coalesce(sum(n) FILTER (WHERE NOT ok), 0), coalesce(sum(n), 0) FROM (
                SELECT pairs.n, coalesce(p.role = %(role)s AND CASE WHEN p.role = 'VET'
                    THEN p.geography = codes.code
                    ELSE EXISTS (SELECT FROM users_userprofile_allowed_areas x
                                 WHERE x.userprofile_id = p.id AND x.area_id = places.area_id)
                      OR EXISTS (SELECT FROM users_userprofile_allowed_stations x
                                 WHERE x.userprofile_id = p.id AND x.freshwaterstation_id = places.station_id)
                      OR EXISTS (SELECT FROM users_userprofile_allowed_containers x
                                 WHERE x.userprofile_id = p.id AND x.container_id = places.id) END, false) AS ok
                FROM pairs JOIN places ON places.id = pairs.container
                JOIN (VALUES {_CODES}) codes(name, code) ON codes.name = places.geography
                LEFT JOIN users_userprofile p ON p.user_id = pairs.person) checked""",
                                           {"role": _ROLE_OF_DUTY[duty]}).fetchone()
        if wrong:
            problems.append(f"{target.db_table}: {wrong:,} of {total:,} rows name someone who is not the "
                            f"{duty} where they happened")
    return problems[:LIMIT]

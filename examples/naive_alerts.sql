-- Naive alerting rules, one per incident kind, as a first dashboard would have them; the alerts they raise, as a
-- CSV for `aquadata score` (docs/incidents.md):
--
--   psql "$URL" -X -q -f examples/naive_alerts.sql > alerts.csv && aquadata score --db "$URL" alerts.csv
--
-- dropout: no reading for more than 12 hours (the night's gap is 12); stuck: three equal readings in a row;
-- spikes: a reading more than 1 unit of the parameter's scale away from the one before it; drift: a temperature
-- reading more than 0.3 C from the median of its batch's temperature readings at that hour; low oxygen: a sea
-- reading under 80 %; storm: a sea ring fed under a tenth of its week before's; escape: a ring's count down more
-- than 1 % in a day; disease outbreak: a ring losing over 0.05 % of its fish to disease in a day; lice outbreak: a
-- count over 1 adult female a fish.
COPY (
    WITH r AS (
        SELECT r.sensor_id, r.batch_id, r.reading_time, r.value::float8 AS value, p.name AS parameter,
               lag(r.reading_time) OVER w AS before_time, lag(r.value::float8) OVER w AS before,
               lag(r.value::float8, 2) OVER w AS before2
        FROM environmental_environmentalreading r JOIN environmental_environmentalparameter p ON p.id = r.parameter_id
        WINDOW w AS (PARTITION BY r.sensor_id, r.batch_id ORDER BY r.reading_time)),
    scale (parameter, step) AS (VALUES ('Temperature', 0.4), ('Dissolved Oxygen', 6.0), ('pH', 0.2), ('Salinity', 0.5),
                                       ('CO2', 4.0), ('NO2', 0.03), ('NO3', 10.0), ('NH4', 0.008)),
    medians AS (
        SELECT batch_id, reading_time, percentile_cont(0.5) WITHIN GROUP (ORDER BY value) AS m FROM r
        WHERE parameter = 'Temperature' GROUP BY 1, 2)
    SELECT 'sensor_dropout' AS kind, sensor_id AS scope_id, reading_time AS time FROM r
    WHERE reading_time - before_time > interval '12 hours'
    UNION ALL
    SELECT 'sensor_stuck', sensor_id, reading_time FROM r WHERE value = before AND before = before2
    UNION ALL
    SELECT 'sensor_spikes', sensor_id, reading_time FROM r JOIN scale USING (parameter) WHERE abs(value - before) > step
    UNION ALL
    SELECT 'sensor_drift', r.sensor_id, r.reading_time FROM r JOIN medians m USING (batch_id, reading_time)
    WHERE r.parameter = 'Temperature' AND abs(r.value - m.m) > 0.3
    UNION ALL
    SELECT 'low_oxygen', c.area_id, r.reading_time FROM r JOIN infrastructure_container c ON c.id = (
        SELECT container_id FROM infrastructure_sensor WHERE id = r.sensor_id)
    WHERE r.parameter = 'Dissolved Oxygen' AND c.area_id IS NOT NULL AND r.value < 80
    UNION ALL
    SELECT 'storm', c.area_id, s.date + time '08:00' FROM (
        SELECT container_id, date, feed_kg, avg(feed_kg) OVER (PARTITION BY assignment_id ORDER BY date
                                                              ROWS BETWEEN 7 PRECEDING AND 1 PRECEDING) AS usual
        FROM batch_actualdailyassignmentstate) s JOIN infrastructure_container c ON c.id = s.container_id
    WHERE c.area_id IS NOT NULL AND s.feed_kg < 0.1 * s.usual
    UNION ALL
    SELECT 'escape', container_id, date + time '12:00' FROM (
        SELECT container_id, date, population, lag(population) OVER (PARTITION BY assignment_id ORDER BY date) AS before
        FROM batch_actualdailyassignmentstate) s WHERE population < 0.99 * before
    UNION ALL
    SELECT 'disease_outbreak', a.container_id, m.event_date + time '12:00' FROM batch_mortalityevent m
    JOIN batch_batchcontainerassignment a ON a.id = m.assignment_id
    JOIN batch_actualdailyassignmentstate s ON s.assignment_id = m.assignment_id AND s.date = m.event_date
    WHERE m.cause = 'DISEASE' AND m.count > 0.0005 * s.population
    UNION ALL
    SELECT 'lice_outbreak', c.area_id, l.count_date FROM health_licecount l
    JOIN health_licetype t ON t.id = l.lice_type_id AND t.gender = 'female' AND t.development_stage = 'adult'
    JOIN infrastructure_container c ON c.id = l.container_id WHERE l.count_value > l.fish_sampled
) TO STDOUT WITH (FORMAT csv, HEADER);

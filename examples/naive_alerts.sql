-- Naive alerting rules, one per sensor-fault kind, reading by reading, as a first dashboard would have them; the
-- alerts they raise, as a CSV for `aquadata score` (docs/incidents.md):
--
--   psql "$URL" -X -q -f examples/naive_alerts.sql > alerts.csv && aquadata score --db "$URL" alerts.csv
--
-- dropout: no reading for more than 12 hours (the night's gap is 12); stuck: three equal readings in a row;
-- spikes: a reading more than 1 unit of the parameter's scale away from the one before it; drift: a temperature
-- reading more than 0.3 C from the median of its batch's temperature readings at that hour.
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
) TO STDOUT WITH (FORMAT csv, HEADER);

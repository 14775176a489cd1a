"""The report's charts: matplotlib figures written as inline SVG, each with the one line that says what a
user should see in it.

matplotlib, because its SVG is static: the page needs no script, so it opens offline in any browser with
nothing to load and nothing to fail, and the text stays selectable. Each function draws one series
function's output (report/series.py) and does no arithmetic of its own beyond units.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pytest_aquadata.report import series

COLOURS = {"Faroe Islands": "#1f77b4", "Scotland": "#d62728", "Freshwater halls": "#2ca02c", "Sea rings": "#1f77b4"}


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    caption: str
    svg: str


def _figure(width: float = 10, height: float = 3.4, rows: int = 1, cols: int = 1) -> tuple[Any, Any]:
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "aquadata", "font.size": 9,
                                "axes.spines.top": False, "axes.spines.right": False})
    from matplotlib import pyplot as plt

    return plt.subplots(rows, cols, figsize=(width, height), squeeze=False)


def _svg(fig: Any) -> str:
    from matplotlib import pyplot as plt

    fig.tight_layout()
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    plt.close(fig)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _date_axis(*axes: Any) -> None:
    """Few, short date labels, so that half-width charts stay legible."""
    from matplotlib import dates as mdates

    for ax in axes:
        locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
        ax.xaxis.set_major_locator(locator)
        ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))


def sea_temperature(src: series.Source) -> str:
    data = series.sea_temperature(src)
    seas = [g for g in data if g != "Freshwater halls"]
    fig, ax = _figure(10, 2.2 * len(seas) + 1.6, rows=len(seas) + 1)
    for row, geography in enumerate(seas):
        geo = data[geography]
        for i, area in enumerate(geo["areas"].values()):
            dates, temps = _gapped(area["date"], area["temp_c"])
            ax[row, 0].plot(dates, temps, lw=0.5, alpha=0.45, color=COLOURS.get(geography),
                            label=f"{len(geo['areas'])} sea areas, weekly" if i == 0 else None)
        ax[row, 0].plot(geo["climatology"]["date"], geo["climatology"]["temp_c"], lw=1, ls="--", color="#222",
                        label="climatology")
        normal = sum(geo["climatology"]["temp_c"]) / max(len(geo["climatology"]["temp_c"]), 1)
        years = ", ".join(f"{y} {t - normal:+.1f}" for y, t in geo["annual"].items())
        ax[row, 0].set_title(f"{geography}" + (f": annual means against the climatology's, {years} °C" if years else ""),
                             fontsize=8, loc="left")
        ax[row, 0].set_ylabel("°C")
        ax[row, 0].legend(loc="upper left", ncol=2, frameon=False, fontsize=7)
    halls = data["Freshwater halls"]
    ax[-1, 0].plot(halls["date"], halls["temp_c"], lw=0.6, color=COLOURS["Freshwater halls"], label="freshwater halls")
    ax[-1, 0].set_ylabel("°C")
    ax[-1, 0].legend(loc="upper left", frameon=False, fontsize=7)
    _date_axis(*ax[:, 0])
    return _svg(fig)


def _gapped(dates: list[Any], values: list[float]) -> tuple[list[Any], list[float]]:
    """The series with a break (NaN) where weeks are missing: an area left empty between batches draws no line."""
    out_d: list[Any] = []
    out_v: list[float] = []
    for i, (d, v) in enumerate(zip(dates, values, strict=True)):
        if i and (d - dates[i - 1]).days > 7:
            out_d.append(d)
            out_v.append(float("nan"))
        out_d.append(d)
        out_v.append(v)
    return out_d, out_v


def oxygen_against_temperature(src: series.Source) -> str:
    fig, ax = _figure(6, 3.6)
    for name, s in series.oxygen_against_temperature(src).items():
        ax[0, 0].scatter(s["temp_c"], s["oxygen"], s=3, alpha=0.4, label=name, color=COLOURS.get(name))
    ax[0, 0].set_xlabel("temperature (°C)")
    ax[0, 0].set_ylabel("dissolved oxygen (% saturation)")
    ax[0, 0].legend(frameon=False)
    return _svg(fig)


def batch_lives(src: series.Source) -> str:
    lives = series.batch_lives(src)
    fig, ax = _figure(10, 5, rows=2)
    for number, s in lives.items():
        (line,) = ax[0, 0].plot(s["date"], [p / 1e6 for p in s["population"]], lw=1, label=number)
        ax[1, 0].plot(s["date"], [w / 1000 for w in s["weight_g"]], lw=1, color=line.get_color())
        for day in s["transfers"]:
            for a in ax[:, 0]:
                a.axvline(day, color=line.get_color(), lw=0.6, ls=":")
    _date_axis(*ax[:, 0])
    ax[0, 0].set_ylabel("fish (millions)")
    ax[1, 0].set_ylabel("mean weight (kg)")
    ax[0, 0].legend(frameon=False, ncol=3)
    return _svg(fig)


def biomass_and_active_batches(src: series.Source) -> str:
    fig, ax = _figure(10, 5, rows=2)
    for geo, s in series.biomass_and_active_batches(src).items():
        ax[0, 0].plot(s["date"], s["biomass_t"], lw=0.9, label=geo, color=COLOURS.get(geo))
        ax[1, 0].step(s["date"], s["active_batches"], lw=0.9, where="post", color=COLOURS.get(geo))
    _date_axis(*ax[:, 0])
    ax[0, 0].set_ylabel("standing biomass (t)")
    ax[1, 0].set_ylabel("active batches")
    ax[0, 0].legend(frameon=False)
    return _svg(fig)


def containers_in_use(src: series.Source) -> str:
    s = series.containers_in_use(src)
    fig, ax = _figure()
    # the plan as a wide pale band, the assignments as a thin line on it: where they agree, the line runs inside
    ax[0, 0].plot(s["date"], [100 * v for v in s["planned"]], lw=7, alpha=0.25, color="#1f77b4",
                  label="planned (schedule)", solid_capstyle="round")
    ax[0, 0].plot(s["date"], [100 * v for v in s["actual"]], lw=1, marker=".", ms=4, color="#d62728",
                  label="actual (assignments)")
    _date_axis(ax[0, 0])
    ax[0, 0].set_ylabel("holding containers in use (%)")
    ax[0, 0].legend(frameon=False)
    return _svg(fig)


def adult_female_lice(src: series.Source) -> str:
    lice = series.adult_female_lice(src)
    fig, ax = _figure(10, 5, rows=2, cols=2)
    top = fig.add_subplot(2, 1, 1)
    ax[0, 0].remove()
    ax[0, 1].remove()
    for geo, s in lice["monthly"].items():
        top.plot(s["date"], s["per_fish"], lw=1, marker=".", label=geo, color=COLOURS.get(geo))
    top.set_ylabel("adult females per fish\n(monthly mean)")
    top.legend(frameon=False)
    b = lice["batch_series"]
    ax[1, 0].plot(b["date"], b["per_fish"], lw=1, marker=".", color="#444", label=f"{lice['batch']}, weekly count")
    for i, day in enumerate(b["treatments"]):
        ax[1, 0].axvline(day, color="#d62728", lw=0.8, ls="--", label="delousing" if i == 0 else None)
    ax[1, 0].axhline(0.5, color="#999", lw=0.6)
    _date_axis(top, ax[1, 0])
    ax[1, 0].set_ylabel("adult females per fish")
    ax[1, 0].legend(frameon=False, fontsize=7)
    counts = lice["treatments_per_ring"]
    if counts:
        ax[1, 1].hist(counts, bins=range(0, max(counts) + 2), align="left", rwidth=0.8, color="#d62728")
    ax[1, 1].set_xlabel("delousings over a ring's sea cycle")
    ax[1, 1].set_ylabel("harvested rings")
    return _svg(fig)


def feed_and_fcr(src: series.Source) -> str:
    data = series.feed_and_fcr(src)
    fig, ax = _figure(10, 3.4, cols=2)
    for geo, s in data["per_day"].items():
        ax[0, 0].plot(s["date"], s["feed_t"], lw=0.7, label=geo, color=COLOURS.get(geo))
    _date_axis(ax[0, 0])
    ax[0, 0].set_ylabel("feed per day (t)")
    ax[0, 0].legend(frameon=False)
    stages = [s for s in data["fcr_by_batch"] if data["fcr_by_batch"][s]]
    values = [list(data["fcr_by_batch"][s].values()) for s in stages]
    ax[0, 1].boxplot(values, whis=(0, 100), widths=0.5)
    for i, v in enumerate(values, start=1):
        ax[0, 1].scatter([i + 0.18 * ((j % 7) / 6 - 0.5) for j in range(len(v))], v, s=6, alpha=0.6, color="#8c6d31")
    ax[0, 1].set_xticks(range(1, len(stages) + 1), [s if s != "Adult" else "Adult (sea)" for s in stages], rotation=20)
    ax[0, 1].set_ylabel("FCR of each batch")
    return _svg(fig)


def mortality_by_cause(src: series.Source) -> str:
    causes = series.mortality_by_cause(src)
    fig, ax = _figure(8, 3.2)
    names = list(causes)[::-1]
    ax[0, 0].barh(names, [causes[n] / 1e6 for n in names], color="#7f7f7f")
    ax[0, 0].set_xlabel("dead fish (millions)")
    return _svg(fig)


def harvest(src: series.Source) -> str:
    data = series.harvest(src)
    fig, ax = _figure(10, 3.2, cols=3)
    b = data["batches"]
    colours = [COLOURS.get(g) for g in b["geography"]]
    ax[0, 0].scatter(b["sea_temp_c"], b["harvest_kg"], s=10, color=colours)
    ax[0, 0].set_xlabel("the batch's mean sea temperature (°C)")
    ax[0, 0].set_ylabel("harvest weight (kg a fish)")
    ax[0, 1].scatter(b["anomaly_c"], [100 * s for s in b["expected_share"]], s=10, color=colours)
    ax[0, 1].axhline(100, color="#999", lw=0.6)
    ax[0, 1].set_xlabel("the batch's sea against its climatology (°C)")
    ax[0, 1].set_ylabel("days at sea (% of the plan's curve)")
    total = sum(data["grade_fish"].values()) or 1
    shares = [100 * n / total for n in data["grade_fish"].values()]
    ax[0, 2].bar(list(data["grade_fish"]), shares, color="#bcbd22")
    for i, share in enumerate(shares):
        ax[0, 2].annotate(f"{share:.0f} %", (i, share), ha="center", va="bottom")
    ax[0, 2].tick_params(axis="x", labelrotation=30)
    ax[0, 2].set_ylabel("harvested fish (%)")
    return _svg(fig)


def incidents(src: series.Source) -> str:
    data = series.incidents(src)
    geographies = sorted(data["timeline"])
    fig, ax = _figure(10, 2.2 * (len(geographies) + 1), rows=len(geographies) + 1)
    kinds = sorted({kind for events in data["timeline"].values() for kind, _, _ in events})
    for row, geography in enumerate(geographies):
        axis = ax[row, 0]
        for kind, started, ended in data["timeline"][geography]:
            y = kinds.index(kind)
            axis.plot([started, ended], [y, y], lw=5, solid_capstyle="butt", color=COLOURS.get(geography))
        axis.set_yticks(range(len(kinds)), [k.replace("sensor_", "") for k in kinds])
        axis.set_ylim(-0.7, len(kinds) - 0.3)
        axis.set_title(geography, fontsize=9, loc="left")
        _date_axis(axis)
    if geographies:  # one time axis for every geography's timeline
        low = min(ax[row, 0].get_xlim()[0] for row in range(len(geographies)))
        high = max(ax[row, 0].get_xlim()[1] for row in range(len(geographies)))
        for row in range(len(geographies)):
            ax[row, 0].set_xlim(low, high)
    example, axis = data["example"], ax[len(geographies), 0]
    if example:
        axis.axvspan(example["started"], example["ended"], color="#ffbf00", alpha=0.3, lw=0)
        axis.plot(example["neighbour"]["time"], example["neighbour"]["value"], color="#999", lw=0.8,
                  label="a neighbouring container's sensor")
        axis.plot(example["sensor"]["time"], example["sensor"]["value"], ".-", color="#d62728", lw=0.8, ms=3,
                  label=f"the sensor ({example['kind'].replace('sensor_', '')}, shaded)")
        axis.set_ylabel(example["parameter"])
        axis.legend(fontsize=8, loc="best")
        _date_axis(axis)
    return _svg(fig)


def low_oxygen(src: series.Source) -> str:
    from pytest_aquadata.engine.area_incidents import ALARM_PCT

    data = series.low_oxygen(src)
    fig, ax = _figure(10, 6.6, rows=3)
    if not data:
        return _svg(fig)
    for days in data["oxygen"].values():
        ax[0, 0].plot(days["date"], days["oxygen_pct"], lw=0.8, color="#1f77b4", alpha=0.6)
    ax[0, 0].axhline(ALARM_PCT, color="#d62728", lw=0.8, ls="--", label=f"alarm ({ALARM_PCT:.0f} %)")
    ax[0, 0].set_ylabel("dissolved oxygen (%)")
    ax[0, 0].set_title(f"{data['batch']} in {data['area']}: each line a ring", fontsize=9, loc="left")
    ax[0, 0].legend(fontsize=8, loc="lower left")
    for days in data["rings"].values():
        ax[1, 0].plot(days["date"], days["feed_pct"], lw=0.8, color="#2ca02c", alpha=0.6)
        ax[2, 0].plot(days["date"], days["deaths_per_mille"], lw=0.8, color="#7f7f7f", alpha=0.6)
    ax[1, 0].set_ylabel("feed (% of biomass)")
    ax[2, 0].set_ylabel("deaths (per 1000 fish)")
    named = sum(n for day, n in data["low_oxygen_deaths"].items() if data["started"] <= day <= data["ended"])
    ax[2, 0].set_title(f"{named:,} deaths recorded as Low Oxygen in the window", fontsize=9, loc="left")
    for axis in ax[:, 0]:
        axis.axvspan(data["started"], data["ended"], color="#ffbf00", alpha=0.3, lw=0)
    _date_axis(*ax[:, 0])
    return _svg(fig)


def rows_per_table(src: series.Source) -> str:
    data = series.rows_and_generation(src)
    rows = {t: n for t, n in data["rows"].items() if n > 0}
    names = sorted(rows, key=rows.__getitem__)
    fig, ax = _figure(10, 0.22 * len(names) + 0.8)
    ax[0, 0].barh(names, [rows[n] for n in names], color="#9467bd")
    ax[0, 0].set_xscale("log")
    ax[0, 0].set_xlabel("rows (log scale)")
    return _svg(fig)


CHARTS: tuple[tuple[str, str, str, Callable[[series.Source], str]], ...] = (
    ("sea-temperature", "Temperature over the history",
     "Each sea area's rings (thin lines) read one sea that follows the season around the climatology (dashed), "
     "Scotland's swinging further than the Faroes', with warm and cold years; the areas of a geography stay close "
     "together. The halls are held near their set point.", sea_temperature),
    ("oxygen", "Dissolved oxygen against temperature",
     "Warmer water holds less oxygen: the cloud falls to the right.", oxygen_against_temperature),
    ("batch-lives", "Batches from egg to harvest",
     "Fish die off fastest as eggs and grow slowly in freshwater, then fast at sea; dotted lines are stage "
     "transfers, where the count stays whole.", batch_lives),
    ("biomass", "Standing biomass and active batches",
     "Biomass builds as batches reach the sea and drops at each harvest; both geographies carry about as many "
     "batches.", biomass_and_active_batches),
    ("utilisation", "Containers in use, planned against actual",
     "The assignments follow the schedule's plan day for day.", containers_in_use),
    ("lice", "Adult female sea lice per fish",
     "Lice rise with warm water and time at sea; bottom left, the most treated batch: a ring whose count passes 0.5 "
     "is deloused (red) and its next count is lower. Bottom right: a harvested ring is deloused a handful of times "
     "over its sea cycle.", adult_female_lice),
    ("feed", "Feed per day and each batch's FCR",
     "Feed follows biomass and the seasons; each dot is a batch's FCR in a stage, the outcome of the feeding table, "
     "the water and the fish: batches differ, and conversion worsens as fish grow (about 1.1-1.25 at sea).",
     feed_and_fcr),
    ("mortality", "Mortality by cause",
     "Ordinary losses are mostly of unknown cause; disease outbreaks, handling at transfers and delousings, winter "
     "ulcers in cold water and low oxygen in warm spells add theirs.", mortality_by_cause),
    ("harvest", "Harvest against the sea's temperature, and grades",
     "Rings are harvested when their fish reach the batch's target (4.5-6.5 kg, left); a batch whose sea ran warmer "
     "than the climatology got there in fewer days than the plan's curve expected (middle). Grades come from each "
     "ring's history and keep about 10/40/35/12/3 % over the farm.", harvest),
    ("incidents", "Incidents, labelled",
     "Each bar is one labelled incident (aquadata_incident) over its window, per geography and kind: the farm's bad "
     "days that an alerting rule should find (docs/incidents.md). Below, one drawn in full: a stuck sensor's readings "
     "hold one value through its window while a neighbouring container's sensor of the same parameter goes on.",
     incidents),
    ("low-oxygen", "A low-oxygen spell in full",
     "The first planned spell (shaded: its labelled window) in the rings of the batch that lived it: oxygen falls "
     "below the alarm for days, the fish eat less, and deaths rise, recorded as Low Oxygen.", low_oxygen),
    ("rows", "Rows per table", "The readings dwarf everything else; every table the engine writes has rows.",
     rows_per_table),
)

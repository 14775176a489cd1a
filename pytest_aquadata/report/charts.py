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
    fig, ax = _figure()
    for name, s in series.sea_temperature(src).items():
        ax[0, 0].plot(s["date"], s["temp_c"], lw=0.8, label=name, color=COLOURS.get(name))
    ax[0, 0].set_ylabel("daily mean temperature (°C)")
    _date_axis(ax[0, 0])
    ax[0, 0].legend(loc="upper left", ncol=3, frameon=False)
    return _svg(fig)


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
    fig, ax = _figure(10, 5, rows=2)
    for geo, s in lice["monthly"].items():
        ax[0, 0].plot(s["date"], s["per_fish"], lw=1, marker=".", label=geo, color=COLOURS.get(geo))
    ax[0, 0].set_ylabel("adult females per fish\n(monthly mean)")
    ax[0, 0].legend(frameon=False)
    b = lice["batch_series"]
    ax[1, 0].plot(b["date"], b["per_fish"], lw=1, marker=".", color="#444", label=f"{lice['batch']}, weekly count")
    for i, day in enumerate(b["treatments"]):
        ax[1, 0].axvline(day, color="#d62728", lw=0.8, ls="--", label="treatment" if i == 0 else None)
    ax[1, 0].axhline(0.5, color="#999", lw=0.6)
    _date_axis(*ax[:, 0])
    ax[1, 0].set_ylabel("adult females per fish")
    ax[1, 0].legend(frameon=False)
    return _svg(fig)


def feed_and_fcr(src: series.Source) -> str:
    data = series.feed_and_fcr(src)
    fig, ax = _figure(10, 3.4, cols=2)
    for geo, s in data["per_day"].items():
        ax[0, 0].plot(s["date"], s["feed_t"], lw=0.7, label=geo, color=COLOURS.get(geo))
    _date_axis(ax[0, 0])
    ax[0, 0].set_ylabel("feed per day (t)")
    ax[0, 0].legend(frameon=False)
    stages = list(data["fcr"])
    ax[0, 1].bar(range(len(stages)), list(data["fcr"].values()), color="#8c6d31")
    ax[0, 1].set_xticks(range(len(stages)), stages, rotation=20)
    ax[0, 1].set_ylabel("FCR (feed / biomass gained)")
    for i, value in enumerate(data["fcr"].values()):
        ax[0, 1].annotate(f"{value:.2f}", (i, value), ha="center", va="bottom")
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
    fig, ax = _figure(10, 3.2, cols=2)
    ax[0, 0].hist(data["fish_kg"], bins=30, color="#17becf")
    ax[0, 0].set_xlabel("mean live weight of a ring's fish at harvest (kg)")
    ax[0, 0].set_ylabel("harvest events")
    ax[0, 0].yaxis.get_major_locator().set_params(integer=True)
    total = sum(data["grade_fish"].values()) or 1
    shares = [100 * n / total for n in data["grade_fish"].values()]
    ax[0, 1].bar(list(data["grade_fish"]), shares, color="#bcbd22")
    for i, share in enumerate(shares):
        ax[0, 1].annotate(f"{share:.0f} %", (i, share), ha="center", va="bottom")
    ax[0, 1].set_ylabel("harvested fish (%)")
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
     "The sea follows the seasons, Scotland's swinging further than the Faroes'; the halls are held steady.",
     sea_temperature),
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
     "Lice rise with warm water and time at sea; below, the most treated batch: a ring whose count passes 0.5 is "
     "treated (red) and its next count is lower, so the batch mean stays under about 0.5.", adult_female_lice),
    ("feed", "Feed per day and FCR per stage",
     "Feed follows biomass and the seasons; conversion worsens as fish grow (0.9-3.0 per stage, 1.1-1.4 at sea).",
     feed_and_fcr),
    ("mortality", "Mortality by cause", "Ordinary losses are mostly of unknown cause; disease episodes add to them.",
     mortality_by_cause),
    ("harvest", "Harvest weights and grades",
     "Rings are harvested at about 4.3-6.8 kg a fish (each batch averages 4-6.5 kg); grades split 10/40/35/12/3 % "
     "of the fish from Superior to Reject.", harvest),
    ("rows", "Rows per table", "The readings dwarf everything else; every table the engine writes has rows.",
     rows_per_table),
)

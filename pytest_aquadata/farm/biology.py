"""The biological inputs of the farm, each with its published source: the one place for them.

Everything a farm's software computes (growth, feed given, FCR, harvest day and weight, grades, treatments,
mortality by cause) is an *outcome* the engine derives from these inputs and the weather (farm/weather.py);
none of them is written down here. Plain data: no NumPy, no Django.

Sources, cited by their short names below:
- Jobling 2003: M. Jobling, "The thermal growth coefficient (TGC) model of fish growth: a cautionary note",
  Aquaculture Research 34: 581-584. TGC falls with fish size and growth is bell-shaped in temperature.
- Aunsmo 2014: A. Aunsmo et al., "Field validation of growth models used in Atlantic salmon farming",
  Aquaculture 428-429: 249-257 (827 Norwegian sea cohorts; TGC differs between groups and with temperature).
- Handeland 2008: S.O. Handeland et al., "The effect of temperature and fish size on growth, feed intake, food
  conversion efficiency and stomach evacuation rate of Atlantic salmon post-smolts", Aquaculture 283: 36-42
  (intake and growth peak near 13-14 C and fall at 18 C; conversion is best below the growth optimum).
- Dempsey 2023: D.P. Dempsey et al., "Estimating stocking weights for Atlantic salmon to grow to market size at
  novel aquaculture sites with extreme temperatures", Frontiers in Marine Science 10: 1094247 (growing days
  taken as 4-18 C; heat stress above 18 C).
- Cho 1992: C.Y. Cho, "Feeding systems for rainbow trout and other salmonids with reference to current estimates
  of energy and protein requirements", Aquaculture 100: 107-123 (a ration is the expected gain times the feed's
  expected conversion: how feed suppliers' tables are built).
- Mowi 2021: Mowi ASA, "Salmon Farming Industry Handbook 2021" (biological FCR at sea about 1.1-1.2, economic
  1.2-1.3; sea-phase mortality 10-20 % a generation; treatments and handling among its main causes).
- Stien 2005: A. Stien et al., "Population dynamics of salmon lice Lepeophtheirus salmonis on Atlantic salmon
  and sea trout", Marine Ecology Progress Series 290: 263-275 (stage durations by temperature).
- Aldrin 2017: M. Aldrin et al., "A stage-structured Bayesian hierarchical model for salmon lice populations at
  individual salmon farms", arXiv 1701.08043 (infection rises with the stock and the lice of nearby farms).
- Overton 2019: K. Overton et al., "Salmon lice treatments and salmon mortality in Norwegian aquaculture: a
  review", Reviews in Aquaculture 11: 1398-1417 (thermal and mechanical delousing kill about 1-3 % of the fish
  treated; efficacy on mobile lice 80-99 %).
- Lice regulation: Norway's delousing regulation (forskrift om lakselusbekjempelse) and Scotland's Code of Good
  Practice both act at 0.5 adult female lice per fish.
- Remen 2012: M. Remen et al., "Effects of cyclic environmental hypoxia on physiology and feed intake of
  post-smolt Atlantic salmon: initial responses and acclimation", Aquaculture 326-329: 148-155 (feed intake falls
  with the hypoxia's severity from 70 % saturation down; stress responses below 60 %).
- Crockford 1999: T. Crockford et al., "Aspects of the epizootiology of pancreas disease in farmed Atlantic
  salmon Salmo salar in Ireland", Diseases of Aquatic Organisms 36: 113-119.
- Jansen 2017: M.D. Jansen et al., a review of the epidemiology of pancreas disease (salmonid alphavirus) and its
  mitigation and control, Journal of Fish Diseases 40 (2017) (spread within and between sites by the water).
- Oldham 2016: T. Oldham, H. Rodger, B.F. Nowak, "Incidence and distribution of amoebic gill disease (AGD): an
  epidemiological review", Aquaculture 457: 35-42.
- Winter ulcer: Moritella viscosa causes ulcers in sea water below about 8 C (Norwegian Veterinary Institute,
  Fish Health Report 2021).
"""

from __future__ import annotations

#: Thermal growth coefficient per stage: W_next^(1/3) = W^(1/3) + TGC x T. Adult 0.0031 is domain.md's and within
#: Aunsmo 2014's sea cohorts (2.5-3.5 per mille). The freshwater values are lower than domain.md's (Fry 0.00225,
#: Parr and Smolt 0.00275, Post-Smolt 0.00325): at the halls' 12 C those would take a Fry from 0.5 g to 33 g in its
#: 90 days against the 6 g its own weight range allows; Jobling 2003 shows TGC falls in small fish. These keep every
#: freshwater stage inside its weight range at the hall set point.
TGC = {"Egg&Alevin": 0.0, "Fry": 0.00095, "Parr": 0.00195, "Smolt": 0.0016, "Post-Smolt": 0.0021, "Adult": 0.0031}

#: How much a batch's growth potential at sea differs from the strain's mean (lognormal sd, clipped at 2.5 sd):
#: cohorts' TGC differs by a few per cent at equal temperature (Aunsmo 2014). In freshwater the hatchery steers
#: growth (temperature, light) to deliver smolts of the planned size on the planned date.
GROWTH_POTENTIAL_SD = 0.025
#: How much the containers of one stage differ in growth (normal sd of a multiplier).
CONTAINER_GROWTH_SD = 0.02

#: Appetite is full inside the comfort range and falls linearly to nothing at the limits (C): (zero, full from,
#: full to, zero). Freshwater from Handeland 2008's post-smolt optimum; at sea larger fish prefer cooler water
#: (Handeland 2008) and growth stops outside 4-18 C (Dempsey 2023).
APPETITE_RANGE = {"freshwater": (2.0, 8.0, 16.0, 22.0), "sea": (0.0, 5.0, 14.0, 21.0)}
#: The share of a full ration that only keeps a fish alive: growth takes (appetite - M) / (1 - M) of its full
#: rate, so a fish that eats half a ration grows less than half as fast and converts worse (Handeland 2008).
MAINTENANCE_SHARE = 0.15
#: Growth per degree is bell-shaped around an optimum, not linear as the TGC model has it (Jobling 2003; Handeland
#: 2008: conversion is best near the optimum and worse in warmer and colder water): the fish's TGC is scaled by
#: 1 - CURVATURE x (T - OPTIMUM)^2. Larger fish have a lower optimum (Handeland 2008), so the sea's is lower.
THERMAL_OPTIMUM_C = {"freshwater": 12.0, "sea": 10.0}
THERMAL_CURVATURE = 0.004
#: Part of the ration the fish refuse (appetite below 1) is still fed before the feeding system stops, and lost:
#: sick, stressed or chilled fish convert the feed given worse (Mowi 2021: economic against biological FCR).
REFUSED_FEED_WASTED = 0.3
#: Appetite on a delousing's day and the day after (crowding and starving before it).
TREATMENT_APPETITE = (0.3, 0.6)  # the treatment day (starved before it, fed lightly after), the day after

#: The feed supplier's feeding table, % of biomass a day by temperature (columns) and fish weight (rows), as
#: printed tables give it: the ration a healthy fish eats in comfortable water. Each value is the supplier's
#: expected daily gain at the class's mid-weight (its own growth expectation) times its feed's expected FCR
#: (Cho 1992), rounded as printed; above 16 C the supplier cuts rations (to 85 % at 18 C, 60 % at 20 C: Handeland
#: 2008). The engine multiplies
#: it by the biomass and the fish's appetite; the fish's gain comes from its own TGC, so FCR is the outcome of
#: the two, never a number the engine multiplies by.
FEED_TABLE_TEMPERATURES_C = (2, 4, 6, 8, 10, 12, 14, 16, 18, 20)
#: (upper weight of the class in g, % of biomass a day at each temperature above)
FEED_TABLE: tuple[tuple[float, tuple[float, ...]], ...] = (
    (1, (0.64, 1.29, 1.93, 2.58, 3.23, 3.89, 4.55, 5.21, 4.99, 3.92)),
    (2, (0.51, 1.02, 1.53, 2.05, 2.56, 3.08, 3.60, 4.12, 3.94, 3.10)),
    (6, (0.38, 0.76, 1.13, 1.51, 1.90, 2.28, 2.66, 3.04, 2.91, 2.29)),
    (20, (0.54, 1.08, 1.62, 2.16, 2.71, 3.26, 3.81, 4.36, 4.18, 3.28)),
    (60, (0.37, 0.73, 1.10, 1.47, 1.84, 2.21, 2.58, 2.96, 2.83, 2.22)),
    (120, (0.23, 0.46, 0.69, 0.92, 1.15, 1.38, 1.61, 1.85, 1.77, 1.39)),
    (180, (0.19, 0.38, 0.57, 0.77, 0.96, 1.15, 1.34, 1.54, 1.47, 1.15)),
    (300, (0.22, 0.44, 0.67, 0.89, 1.11, 1.33, 1.56, 1.78, 1.70, 1.34)),
    (500, (0.19, 0.37, 0.56, 0.75, 0.94, 1.12, 1.31, 1.50, 1.44, 1.13)),
    (1000, (0.25, 0.49, 0.74, 0.99, 1.24, 1.48, 1.73, 1.98, 1.90, 1.49)),
    (2000, (0.20, 0.39, 0.59, 0.78, 0.98, 1.18, 1.37, 1.57, 1.50, 1.18)),
    (3000, (0.16, 0.33, 0.49, 0.65, 0.82, 0.98, 1.14, 1.31, 1.25, 0.98)),
    (4000, (0.15, 0.29, 0.44, 0.58, 0.73, 0.87, 1.02, 1.16, 1.11, 0.87)),
    (5500, (0.13, 0.26, 0.39, 0.53, 0.66, 0.79, 0.92, 1.05, 1.01, 0.79)),
    (8000, (0.12, 0.23, 0.35, 0.47, 0.59, 0.70, 0.82, 0.94, 0.90, 0.70)),
)
#: Day-to-day variation of what a container is given (feeding system, waste, weather on the pens).
FEED_NOISE_SD = 0.06

#: Baseline mortality per stage, per day (domain.md: Egg&Alevin about 0.15 %, Adult about 0.01 %).
BASELINE_MORTALITY = {"Egg&Alevin": 0.0015, "Fry": 0.0005, "Parr": 0.0003, "Smolt": 0.0002, "Post-Smolt": 0.0002,
                      "Adult": 0.0001}
#: What the baseline deaths are recorded as: (reason, share). Sea only: predation and gill disease.
BASELINE_CAUSES = {"freshwater": (("Unknown", 0.75), ("Disease", 0.25)),
                   "sea": (("Unknown", 0.5), ("Gill Disease", 0.25), ("Predation", 0.15), ("Disease", 0.1))}
#: Disease outbreaks at sea (engine/outbreaks.py), per disease: (name, share of its appetite a sick fish keeps, day
#: of a ring's sickness its deaths begin, their rate a day once risen, days a ring is sick (from, to), treatment or
#: None). A treatment is (description, dosage, day of the ring's sickness it is given, share of the death rate left
#: after it).
#: - Pancreas disease (salmonid alphavirus): the first sign is fish that stop eating, deaths follow two to three
#:   weeks later (Mattilsynet, the Norwegian Food Safety Authority); an outbreak lasts months (Crockford 1999: 112
#:   days on average at Irish sites, mortality 0.1-63 %) and spreads between a site's pens with the water (Jansen
#:   2017); there is no treatment.
#: - Amoebic gill disease: found at the weekly gill scoring; treated with a freshwater bath, which clears most of
#:   the amoebae (Oldham 2016).
DISEASES: tuple[tuple[str, float, int, float, tuple[int, int], tuple[str, str, int, float] | None], ...] = (
    ("Pancreas disease (salmonid alphavirus)", 0.4, 14, 0.0015, (56, 84), None),
    ("Amoebic gill disease", 0.7, 4, 0.002, (28, 42), ("Freshwater bath (amoebic gill disease)", "2-3 h in fresh water",
                                                         14, 0.15)),
)
#: Days a ring's death rate takes to rise to the disease's, once deaths begin.
DISEASE_RISE_DAYS = 3
#: Spread: each ring next to a sick one falls sick with this chance, this many days (from, to) after it.
DISEASE_SPREAD_CHANCE = 0.6
DISEASE_SPREAD_DAYS = (7, 21)
#: Winter ulcers: extra deaths a day per degree the sea is below the threshold (Moritella viscosa, below 8 C).
WINTER_ULCER_BELOW_C = 8.0
WINTER_ULCER_PER_DEGREE = 0.00012
#: Low oxygen: in a warm spell dissolved oxygen falls (farm/weather.oxygen_saturation); below this saturation fish
#: die, more the lower it gets (domain.md's safe range 80-100 %).
LOW_OXYGEN_BELOW_PCT = 88.0
LOW_OXYGEN_PER_PCT = 0.0002
#: Appetite in low oxygen: (saturation % at which the fish stop eating, from which they eat fully). Full from
#: domain.md's safe 80 %; Remen 2012 saw intake fall from 70 % and stress below 60 %, and farms stop feeding in a
#: low-oxygen spell (digesting needs oxygen), so none is fed at 50 %.
HYPOXIA_APPETITE = (50.0, 80.0)
#: Handling: fish lost in the pump at a transfer, and the deaths in the days after handling (a transfer's, a
#: delousing's) as a share of the fish handled per day over HANDLING_DAYS (Overton 2019).
TRANSFER_MORTALITY = 0.002
HANDLING_DAYS = 3
TRANSFER_AFTERMATH = 0.0005
#: Per delousing kind: (kind, description, dosage, withholding days, share of the fish it kills, efficacy on mobile
#: lice). Thermal and mechanical delousing handle every fish (Overton 2019); a bath less so, in-feed not at all.
TREATMENTS = (
    ("physical", "Thermal delousing (Thermolicer)", "", 0, 0.012, 0.90),
    ("physical", "Mechanical delousing (Hydrolicer)", "", 0, 0.010, 0.85),
    ("medication", "Bath treatment, hydrogen peroxide", "1500 mg/L for 20 min", 0, 0.004, 0.85),
    ("medication", "In-feed emamectin benzoate (Slice)", "50 ug/kg/day for 7 days", 60, 0.0, 0.80),
)
#: Adult female lice per fish at which a ring is treated (Lice regulation).
LICE_THRESHOLD = 0.5
#: Lice: weekly steps. New attached lice per fish a week: LICE_INFECTION x (water - LICE_MIN_C) x the area's
#: pressure, where the pressure is 1, plus LICE_NEIGHBOUR_RING_WEIGHT for every other stocked ring of the area
#: (the batch's own and other batches'), plus LICE_SELF_INFECTION x the batch's adult females per fish, whose larvae
#: stay in the area (Aldrin 2017: infection rises with the area's stock and lice). Calibrated so that a ring is
#: deloused a handful of times a sea cycle (Mowi 2021), about 4-5 on the shipped profiles.
LICE_INFECTION = 0.002
LICE_MIN_C = 3.0
LICE_NEIGHBOUR_RING_WEIGHT = 0.04
LICE_SELF_INFECTION = 300.0
#: Development: the share of attached (chalimus) lice that moult to mobile pre-adults a week, per degree (Stien
#: 2005: about 40 days from copepodid to adult at 10 C), and pre-adult to adult likewise; weekly survival.
LICE_CHALIMUS_MOULT_PER_C = 0.026
LICE_PREADULT_MOULT_PER_C = 0.028
LICE_WEEKLY_SURVIVAL = 0.88
#: Caligus elongatus: a free-swimming louse from wild fish, per fish and degree above LICE_MIN_C.
CALIGUS_PER_C = 0.02
#: Harvest grades: a fish's quality is normal around its ring's mean; the grade cut-offs give the product grades'
#: shares (catalog.PRODUCT_GRADES) to a ring of typical history. A ring's mean falls with each history event:
#: (per physical delousing, per 1 % of its fish lost to winter ulcers, per disease outbreak it lived), in quality sd.
GRADE_PENALTY = (0.08, 0.30, 0.25)
#: What a ring of typical history accumulates (calibrated on the medium farm: its mean grades meet the shares).
TYPICAL_HISTORY = (2.1, 0.5, 0.2)

#: The feed's expected FCR per stage: what the supplier's table and the batch's planning scenario assume (the
#: scenario's FCR model). The engine never multiplies by it.
PLANNING_FCR = {"Fry": 1.0, "Parr": 1.02, "Smolt": 1.05, "Post-Smolt": 1.08, "Adult": 1.18}

#: Farmed broodstock at stripping (Estay, Vergara and Diaz 1999, Aquaculture Research 30: 1,529 females and 168 males
#: of a Chilean farm's spawning season): body weight in kg, mean and sd, of females and of males.
SPAWNER_WEIGHT_KG = {"F": (6.4, 0.9), "M": (7.0, 1.0)}
#: Relative fecundity of those females, eggs per kg of body weight, mean and sd (the same study: 946 +- 210); a
#: female's eggs are her weight times her own draw of it, so how many pairs a batch's eggs take is an outcome.
RELATIVE_FECUNDITY_PER_KG = (946.0, 210.0)
#: Spawners' weights and fecundities are drawn within this many sd of their means (a broodstock manager grades out
#: the smallest fish and the outliers).
SPAWNER_CLIP_SD = 2.0
#: Spawners are moved from their holding tank into the stripping tank this many days before they are stripped, and
#: fertilised eggs reach the hatchery's trays the day after (green eggs, moved before they harden).
SPAWNER_MOVE_DAYS = 7

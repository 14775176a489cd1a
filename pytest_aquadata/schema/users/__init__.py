"""The farm's people: each user's profile, with the geography, subsidiary and role that decide what they may see,
and the areas, stations and containers they work at (domain.md, section 8)."""

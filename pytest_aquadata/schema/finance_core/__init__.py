"""Cost centres per site and per batch, and the months each site's books are closed for (domain.md, section 8)."""

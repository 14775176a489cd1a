"""The batches' plans: the activities each batch's schedule plans (transfers, vaccination, harvest), and how they
went (domain.md, section 8)."""

"""The farm: what exists before any batch (infrastructure and master data, domain.md sections 1-2)."""

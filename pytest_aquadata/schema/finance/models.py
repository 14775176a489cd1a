"""Finance dimensions (company, site) and the harvest fact table."""

from django.db import models


class DimCompany(models.Model):
    company_id = models.BigAutoField(primary_key=True)
    geography = models.ForeignKey("infrastructure.Geography", on_delete=models.PROTECT, related_name="companies")
    subsidiary = models.CharField(max_length=20, default="FARMING")
    display_name = models.CharField(max_length=100)
    currency = models.CharField(max_length=3, default="EUR")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["geography", "subsidiary"], name="unique_company")]

    def __str__(self) -> str:
        return self.display_name


class DimSite(models.Model):
    SOURCES = [("station", "Freshwater station"), ("area", "Sea area")]
    site_id = models.BigAutoField(primary_key=True)
    source_model = models.CharField(max_length=20, choices=SOURCES)
    source_pk = models.PositiveIntegerField()
    company = models.ForeignKey(DimCompany, on_delete=models.PROTECT, related_name="sites")
    site_name = models.CharField(max_length=100)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source_model", "source_pk"], name="unique_site_source")]

    def __str__(self) -> str:
        return self.site_name


class FactHarvest(models.Model):
    fact_id = models.BigAutoField(primary_key=True)
    event = models.ForeignKey("harvest.HarvestEvent", on_delete=models.PROTECT, related_name="facts")
    lot = models.OneToOneField("harvest.HarvestLot", on_delete=models.PROTECT, related_name="fact")
    event_date = models.DateTimeField()
    quantity_kg = models.FloatField()
    unit_count = models.PositiveIntegerField()
    product_grade = models.ForeignKey("harvest.ProductGrade", on_delete=models.PROTECT, related_name="facts")
    dim_company = models.ForeignKey(DimCompany, on_delete=models.PROTECT, related_name="facts")
    dim_site = models.ForeignKey(DimSite, on_delete=models.PROTECT, related_name="facts")
    dim_batch = models.ForeignKey("batch.Batch", on_delete=models.PROTECT, related_name="harvest_facts")


class IntercompanyPolicy(models.Model):
    """The price at which fish cross from a geography's freshwater company to its farming company (farm/build.py,
    AquaMind's seed_smolt_policies): per lifecycle stage, a standard price per kg."""

    BASES = [("grade", "Product Grade"), ("lifecycle", "Lifecycle Stage"), ("egg_delivery", "Egg Delivery")]
    METHODS = [("market", "Market"), ("cost_plus", "Cost Plus"), ("standard", "Standard")]
    policy_id = models.BigAutoField(primary_key=True)
    from_company = models.ForeignKey(DimCompany, on_delete=models.PROTECT, related_name="policies_from")
    to_company = models.ForeignKey(DimCompany, on_delete=models.PROTECT, related_name="policies_to")
    pricing_basis = models.CharField(max_length=20, choices=BASES, default="grade")
    lifecycle_stage = models.ForeignKey("batch.LifeCycleStage", null=True, blank=True, on_delete=models.PROTECT,
                                        related_name="+")
    method = models.CharField(max_length=20, choices=METHODS, default="standard")
    price_per_kg = models.FloatField(null=True, blank=True)

"""Finance dimensions (company, site), the harvest fact table, and what fish cost between the companies."""

from django.conf import settings
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


class IntercompanyTransaction(models.Model):
    """A transfer that crosses from a freshwater company to a farming one, priced by its policy (engine/transfers.py),
    as AquaMind's TransferFinanceService records it: its source named by content type and a 4-byte object id."""

    STATES = [("pending", "Pending Approval"), ("posted", "Posted (Approved)"), ("exported", "Exported to NAV")]
    tx_id = models.BigAutoField(primary_key=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveIntegerField()
    policy = models.ForeignKey(IntercompanyPolicy, on_delete=models.PROTECT, related_name="transactions")
    posting_date = models.DateField(db_index=True)
    amount = models.FloatField(null=True, blank=True)
    currency = models.CharField(max_length=3, null=True, blank=True)
    state = models.CharField(max_length=20, choices=STATES, default="pending")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                    related_name="+")
    approval_date = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["content_type", "object_id", "policy"],
                                               name="intercompany_transaction_source_policy_uniq")]
        indexes = [models.Index(fields=["state", "posting_date"], name="ix_interco_state_posting"),
                   models.Index(fields=["content_type", "object_id"], name="ix_interco_ct_objid")]

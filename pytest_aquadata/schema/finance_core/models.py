"""Cost accounting as AquaMind's finance_core keeps it (apps/finance_core/models): a cost centre per batch (a
project at its first site, which the batch's costs are booked to, engine/costs.py), and the months each site's books
are closed for (farm/build.py)."""

from django.conf import settings
from django.db import models


class CostCenter(models.Model):
    TYPES = [("SITE", "Site"), ("PROJECT", "Project"), ("DEPARTMENT", "Department"), ("OTHER", "Other")]
    cost_center_id = models.BigAutoField(primary_key=True)
    company = models.ForeignKey("finance.DimCompany", on_delete=models.PROTECT, related_name="cost_centers")
    site = models.ForeignKey("finance.DimSite", null=True, blank=True, on_delete=models.PROTECT,
                             related_name="cost_centers")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField(max_length=64)
    name = models.CharField(max_length=150)
    cost_center_type = models.CharField(max_length=20, choices=TYPES)
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "code"], name="finance_core_costcenter_company_code_uniq")]


class CostCenterBatchLink(models.Model):
    """The project a batch's costs are booked to, linked when its eggs were delivered (engine/costs.py)."""

    link_id = models.BigAutoField(primary_key=True)
    cost_center = models.ForeignKey(CostCenter, on_delete=models.CASCADE, related_name="batch_links")
    batch = models.OneToOneField("batch.Batch", on_delete=models.CASCADE, related_name="cost_center_link")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    linked_at = models.DateTimeField()


class PeriodLock(models.Model):
    """A site's month, closed by its geography's controller once the month's books are done (farm/build.py)."""

    period_lock_id = models.BigAutoField(primary_key=True)
    company = models.ForeignKey("finance.DimCompany", on_delete=models.PROTECT, related_name="period_locks")
    operating_unit = models.ForeignKey("finance.DimSite", on_delete=models.PROTECT, related_name="period_locks")
    year = models.PositiveIntegerField()
    month = models.PositiveSmallIntegerField()
    is_locked = models.BooleanField(default=True)
    version = models.PositiveIntegerField(default=1)
    lock_reason = models.TextField(blank=True)
    locked_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    locked_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "operating_unit", "year", "month"],
                                               name="finance_core_periodlock_company_operating_unit_year_month_uniq")]


ACCOUNT_TYPES = [("ASSET", "Asset"), ("LIABILITY", "Liability"), ("EQUITY", "Equity"), ("REVENUE", "Revenue"),
                 ("EXPENSE", "Expense")]


class AccountGroup(models.Model):
    """A group of the chart of accounts; ``cost_group`` is the code the ERP's cost lines carry (farm/build.py)."""

    group_id = models.BigAutoField(primary_key=True)
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=150)
    account_type = models.CharField(max_length=20, choices=ACCOUNT_TYPES)
    cost_group = models.CharField(max_length=64, null=True, blank=True)
    description = models.TextField(blank=True)
    display_order = models.PositiveIntegerField(default=0)
    is_active = models.BooleanField(default=True)


class Account(models.Model):
    account_id = models.BigAutoField(primary_key=True)
    code = models.CharField(max_length=32, unique=True)
    name = models.CharField(max_length=150)
    account_type = models.CharField(max_length=20, choices=ACCOUNT_TYPES)
    group = models.ForeignKey(AccountGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    description = models.TextField(blank=True)
    is_active = models.BooleanField(default=True)


class AllocationRule(models.Model):
    """How a month's cost of an account group is shared among the batches at a site: by their fish (headcount) and
    their biomass, as AquaMind's allocation weighs them (apps/finance_core/services/allocation.py)."""

    rule_id = models.BigAutoField(primary_key=True)
    name = models.CharField(max_length=150)
    account_group = models.ForeignKey(AccountGroup, null=True, blank=True, on_delete=models.PROTECT,
                                      related_name="allocation_rules")
    effective_from = models.DateField()
    effective_to = models.DateField(null=True, blank=True)
    rule_definition = models.JSONField(default=dict)
    is_active = models.BooleanField(default=True)


class Budget(models.Model):
    """A company's budget of a year (farm/build.py); its entries are the batches' planned feed (engine/costs.py)."""

    STATUSES = [("DRAFT", "Draft"), ("ACTIVE", "Active"), ("ARCHIVED", "Archived")]
    budget_id = models.BigAutoField(primary_key=True)
    company = models.ForeignKey("finance.DimCompany", on_delete=models.PROTECT, related_name="budgets")
    name = models.CharField(max_length=150)
    fiscal_year = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=STATUSES, default="DRAFT")
    version = models.PositiveIntegerField(default=1)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["company", "fiscal_year", "name", "version"],
                                               name="finance_core_budget_company_year_name_version_uniq")]


class BudgetEntry(models.Model):
    entry_id = models.BigAutoField(primary_key=True)
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="entries")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="budget_entries")
    cost_center = models.ForeignKey(CostCenter, on_delete=models.PROTECT, related_name="budget_entries")
    month = models.PositiveSmallIntegerField()
    amount = models.FloatField()
    notes = models.TextField(blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["budget", "account", "cost_center", "month"],
                                               name="finance_core_budgetentry_budget_account_costcenter_month_uniq")]

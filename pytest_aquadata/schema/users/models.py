"""A user's profile: who they are at the company and what they may see. The codes are AquaMind's (apps/users/
models.py), so that a page filtering on them runs unchanged."""

from django.conf import settings
from django.db import models


class UserProfile(models.Model):
    GEOGRAPHIES = [("FO", "Faroe Islands"), ("SC", "Scotland"), ("ALL", "All Geographies")]
    SUBSIDIARIES = [("BS", "Broodstock"), ("FW", "Freshwater"), ("FM", "Farming"), ("LG", "Logistics"),
                    ("ALL", "All Subsidiaries")]
    ROLES = [("ADMIN", "Administrator"), ("MGR", "Manager"), ("OPR", "Operator"), ("SHIP_CREW", "Ship Crew"),
             ("VET", "Veterinarian"), ("QA", "Quality Assurance"), ("FIN", "Finance"), ("VIEW", "Viewer")]

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    full_name = models.CharField(max_length=150, blank=True)
    job_title = models.CharField(max_length=100, blank=True, null=True)
    department = models.CharField(max_length=100, blank=True, null=True)
    geography = models.CharField(max_length=3, choices=GEOGRAPHIES, default="ALL")
    subsidiary = models.CharField(max_length=3, choices=SUBSIDIARIES, default="ALL")
    role = models.CharField(max_length=20, choices=ROLES, default="VIEW")
    allowed_areas = models.ManyToManyField("infrastructure.Area", blank=True, related_name="permitted_users")
    allowed_stations = models.ManyToManyField("infrastructure.FreshwaterStation", blank=True,
                                              related_name="permitted_users")
    allowed_containers = models.ManyToManyField("infrastructure.Container", blank=True, related_name="permitted_users")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.full_name

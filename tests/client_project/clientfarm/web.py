"""The client project's own farm pages, which its browser tests open through live_server: the batches with their
latest biomass (the sum over their active container assignments), and a form that starts a batch."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Q, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path
from django.utils.html import format_html, format_html_join


def batches(request: HttpRequest) -> HttpResponse:
    listed = apps.get_model("batch", "Batch").objects.order_by("batch_number").annotate(
        biomass=Sum("batch_assignments__biomass_kg", filter=Q(batch_assignments__is_active=True)))
    rows = format_html_join("", '<tr><td class="batch">{}</td><td class="biomass">{}</td></tr>',
                            ((b.batch_number, f"{b.biomass or 0:.0f}") for b in listed))
    return HttpResponse(format_html('<html><body><h1>Batches</h1><table id="batches">{}</table>'
                                    '<a href="/batches/new">New batch</a></body></html>', rows))


def new_batch(request: HttpRequest) -> HttpResponse:
    """A new batch like the oldest one (species, stage, type), under the number typed in."""
    if request.method == "POST":
        model = apps.get_model("batch", "Batch")
        like = model.objects.order_by("id").first()
        fields = {f.attname: getattr(like, f.attname) for f in model._meta.concrete_fields if not f.primary_key}
        model.objects.create(**{**fields, "batch_number": request.POST["batch_number"], "status": "ACTIVE",
                                "start_date": dt.date.today(), "actual_end_date": None})
        return HttpResponseRedirect("/batches/")
    return HttpResponse('<html><body><form method="post"><input name="batch_number">'
                        '<button type="submit">Create</button></form></body></html>')


urlpatterns = [path("batches/", batches), path("batches/new", new_batch)]

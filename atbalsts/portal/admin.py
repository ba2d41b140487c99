"""The directory of help is edited here. Anonymous reports are deliberately NOT registered:
they are read only through the hotline inbox, where every read is audited."""

from django.contrib import admin

from .models import OpeningHours, Service, ServicePhone, ServiceSituation


class PhoneInline(admin.TabularInline):
    model = ServicePhone
    extra = 0


class HoursInline(admin.TabularInline):
    model = OpeningHours
    extra = 0


class SituationInline(admin.TabularInline):
    model = ServiceSituation
    extra = 0


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "is_24_7", "is_free", "position", "is_active"]
    list_filter = ["kind", "region", "is_active", "is_24_7", "situations__code"]
    list_editable = ["position", "is_active"]
    search_fields = ["name", "address", "email"]
    inlines = [PhoneInline, HoursInline, SituationInline]
    fieldsets = [
        (None, {"fields": ["name", "kind", "address", "region", "email", "website", "languages", "position",
                           "is_active"]}),
        ("", {"fields": ["online_route_url", "online_route_lv", "online_route_en", "online_route_ru",
                         "online_route_uk"]}),
        ("", {"fields": ["is_24_7", "closed_on_public_holidays", "holiday_hours_published", "is_free"]}),
        ("", {"fields": ["staff_note"]}),
        ("", {"fields": ["description_lv", "description_en", "description_ru", "description_uk"]}),
    ]

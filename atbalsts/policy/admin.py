from django.contrib import admin

from atbalsts.policy.models import CalendarOverride


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(admin.ModelAdmin):
    list_display = ("date", "is_working_day", "note", "created_at")
    list_filter = ("is_working_day",)
    search_fields = ("note",)
    date_hierarchy = "date"
    readonly_fields = ("created_at",)
    ordering = ("-date",)

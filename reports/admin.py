from django.contrib import admin

from reports.models import Report, ReportBuild


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["meeting", "published_build"]
    raw_id_fields = ["meeting", "published_build"]


@admin.register(ReportBuild)
class ReportBuildAdmin(admin.ModelAdmin):
    list_display = ["meeting", "status", "language", "include_names", "created_at", "finished_at"]
    list_filter = ["status"]
    raw_id_fields = ["meeting", "requested_by"]
    readonly_fields = ["fingerprint", "files", "error"]

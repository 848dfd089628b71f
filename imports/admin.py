from django.contrib import admin

from imports.models import PadletImport, VideoCallAttendee, VideoCallReport


@admin.register(PadletImport)
class PadletImportAdmin(admin.ModelAdmin):
    list_display = ["meeting", "file_name", "posts", "cards", "imported_at"]
    raw_id_fields = ["meeting", "imported_by"]


class VideoCallAttendeeInline(admin.TabularInline):
    model = VideoCallAttendee
    fields = ["display_name", "organisation", "problem", "minutes", "times_joined"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(VideoCallReport)
class VideoCallReportAdmin(admin.ModelAdmin):
    list_display = ["meeting", "source", "file_name", "rows", "imported_at"]
    raw_id_fields = ["meeting", "imported_by"]
    inlines = [VideoCallAttendeeInline]

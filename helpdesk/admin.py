from django.contrib import admin

from helpdesk.models import HelpRequest


@admin.register(HelpRequest)
class HelpRequestAdmin(admin.ModelAdmin):
    list_display = ["question", "participant", "meeting", "created_at", "solved_at"]

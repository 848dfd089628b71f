from django.contrib import admin

from participants.models import Participant


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["name", "organisation", "meeting", "is_local_site", "head_count", "joined_at"]
    list_filter = ["is_local_site", "county"]
    search_fields = ["name", "organisation"]
    exclude = ["token", "join_key"]

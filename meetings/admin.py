from django.contrib import admin

from meetings.models import Announcement, Meeting, ProgrammeItem, Question, Speaker


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    fields = ["position", "kind", "title", "planned_start", "planned_minutes", "status"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "code", "status"]
    list_filter = ["status"]
    search_fields = ["title", "code"]
    filter_horizontal = ["facilitators"]
    inlines = [ProgrammeItemInline]


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(admin.ModelAdmin):
    list_display = ["title", "meeting", "kind", "planned_start", "planned_minutes", "status"]
    list_filter = ["kind", "status"]
    inlines = [SpeakerInline, QuestionInline]


@admin.register(Announcement)
class AnnouncementAdmin(admin.ModelAdmin):
    list_display = ["text", "meeting", "created_at"]

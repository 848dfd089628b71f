"""The Django admin for meetings. Its saves and deletions go through the programme domain,
so that an edit made here reaches the open pages as one published state, as an edit on the
meeting pages does."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext as _

from meetings import domain
from meetings.models import Announcement, Meeting, ProgrammeItem, Question, Speaker


class PublishedOnSave:
    """After the object and all its inlines are saved (in the admin's one transaction),
    the domain bumps the meeting's state_version and publishes its programme once."""

    def meeting_of(self, obj) -> Meeting:
        return obj.meeting

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        domain.programme_edited(meeting=self.meeting_of(form.instance))
        if "meeting" in form.changed_data and form.initial.get("meeting"):
            # Moved to another meeting: the one it left shows it no more.
            domain.programme_edited(meeting=Meeting.objects.get(pk=form.initial["meeting"]))


class ProgrammeItemFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        for form in self.deleted_forms:
            if form.instance.pk and domain.item_is_running(form.instance):
                raise ValidationError(_("This item is running now. Move on before you delete it."))


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    formset = ProgrammeItemFormSet
    fields = ["position", "kind", "title", "planned_start", "planned_minutes", "status"]
    extra = 0


@admin.register(Meeting)
class MeetingAdmin(PublishedOnSave, admin.ModelAdmin):
    list_display = ["title", "date", "code", "status"]
    list_filter = ["status"]
    search_fields = ["title", "code"]
    filter_horizontal = ["facilitators"]
    inlines = [ProgrammeItemInline]
    # Only the domain counts versions: a form read before the meeting moved on would set
    # an older one, and the pages would ignore the edit as out of date.
    readonly_fields = ["state_version"]

    def meeting_of(self, obj) -> Meeting:
        return obj


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0


@admin.register(ProgrammeItem)
class ProgrammeItemAdmin(PublishedOnSave, admin.ModelAdmin):
    list_display = ["title", "meeting", "kind", "planned_start", "planned_minutes", "status"]
    list_filter = ["kind", "status"]
    inlines = [SpeakerInline, QuestionInline]

    def has_delete_permission(self, request, obj=None):
        # The item running now stays: the programme moves on from it first.
        if obj is not None and domain.item_is_running(obj):
            return False
        return super().has_delete_permission(request, obj)

    def delete_model(self, request, obj):
        domain.item_delete(item=obj)

    def delete_queryset(self, request, queryset):
        domain.items_delete(items=queryset.select_related("meeting"))


@admin.register(Announcement)
class AnnouncementAdmin(PublishedOnSave, admin.ModelAdmin):
    list_display = ["text", "meeting", "created_at"]

    def delete_model(self, request, obj):
        meeting = obj.meeting
        super().delete_model(request, obj)
        domain.programme_edited(meeting=meeting)

    def delete_queryset(self, request, queryset):
        meetings = {announcement.meeting for announcement in queryset.select_related("meeting")}
        super().delete_queryset(request, queryset)
        for meeting in meetings:
            domain.programme_edited(meeting=meeting)

from django.contrib import admin

from wall.models import Card, CardImage, CardVersion, ReportSlot, Wall


class CardVersionInline(admin.TabularInline):
    model = CardVersion
    fields = ["version", "heading", "author", "created_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Card)
class CardAdmin(admin.ModelAdmin):
    list_display = ["__str__", "group", "item", "version", "pinned", "hidden"]
    list_filter = ["pinned", "hidden"]
    search_fields = ["heading", "body"]
    inlines = [CardVersionInline]


@admin.register(Wall)
class WallAdmin(admin.ModelAdmin):
    list_display = ["item", "locked", "share_names"]


@admin.register(CardImage)
class CardImageAdmin(admin.ModelAdmin):
    list_display = ["alt", "card", "width", "height", "created_at"]


@admin.register(ReportSlot)
class ReportSlotAdmin(admin.ModelAdmin):
    list_display = ["item", "group", "position", "seconds", "done"]

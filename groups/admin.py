from django.contrib import admin

from groups.models import Group, GroupPlan, Membership, Round


class MembershipInline(admin.TabularInline):
    model = Membership
    fields = ["participant", "role"]
    raw_id_fields = ["participant"]
    extra = 0


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["__str__", "item"]
    list_filter = ["item__meeting"]
    inlines = [MembershipInline]


@admin.register(GroupPlan)
class GroupPlanAdmin(admin.ModelAdmin):
    list_display = ["item", "strategy", "target_size", "seed", "formed_at"]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["group", "number", "phase", "turn"]

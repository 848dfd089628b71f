from django.apps import AppConfig


def place_late_joiner(sender, participant, **kwargs):
    from groups.models import GroupPlan

    if not GroupPlan.objects.filter(item__meeting_id=participant.meeting_id).exists():
        return  # no groups formed yet in this meeting: nothing to place
    from groups.domain import participant_place_late

    participant_place_late(participant=participant)


def place_waiting(sender, item, **kwargs):
    from meetings.models import ProgrammeItem

    if item.kind != ProgrammeItem.Kind.GROUP_SESSION:
        return
    from groups.domain import session_place_waiting

    session_place_waiting(item=item)


def gone_from_groups(sender, participant, **kwargs):
    from groups.domain import participant_gone

    participant_gone(participant=participant)


def back_in_groups(sender, participant, **kwargs):
    from groups.domain import participant_back

    participant_back(participant=participant)


class GroupsConfig(AppConfig):
    name = "groups"

    def ready(self):
        from meetings.signals import item_started
        from participants.signals import participant_back, participant_joined, participant_left

        participant_joined.connect(
            place_late_joiner, weak=False, dispatch_uid="groups.place_late_joiner"
        )
        item_started.connect(place_waiting, weak=False, dispatch_uid="groups.place_waiting")
        participant_left.connect(
            gone_from_groups, weak=False, dispatch_uid="groups.gone_from_groups"
        )
        participant_back.connect(back_in_groups, weak=False, dispatch_uid="groups.back_in_groups")

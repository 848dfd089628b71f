from django.apps import AppConfig


def place_late_joiner(sender, participant, **kwargs):
    from groups.models import GroupPlan

    if not GroupPlan.objects.filter(item__meeting_id=participant.meeting_id).exists():
        return  # no groups formed yet in this meeting: nothing to place
    from groups.domain import participant_place_late

    participant_place_late(participant=participant)


class GroupsConfig(AppConfig):
    name = "groups"

    def ready(self):
        from participants.signals import participant_joined

        participant_joined.connect(
            place_late_joiner, weak=False, dispatch_uid="groups.place_late_joiner"
        )

"""Facilitator accounts: people who build and run meetings."""

from django.contrib.auth import get_user_model
from django.db import transaction


def facilitator_create(*, username: str, password: str, email: str = "", name: str = ""):
    """Create a facilitator, or reset the password of the one with this username."""
    user_model = get_user_model()
    with transaction.atomic():
        user, _created = user_model.objects.get_or_create(username=username)
        user.email = email or user.email
        if name:
            user.first_name, _, user.last_name = name.partition(" ")
        user.set_password(password)
        user.save()
    return user

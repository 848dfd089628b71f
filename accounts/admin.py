"""The Django admin is for superusers alone.

Its model admins show every meeting's data, not the meetings a facilitator runs, so a
facilitator (who is not staff) is sent to the admin's login page, which does not let them in.
"""

from django.contrib import admin


def superusers_only(request) -> bool:
    return request.user.is_active and request.user.is_superuser


admin.site.has_permission = superusers_only

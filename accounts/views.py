from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import ngettext

from common import limits


def _login_refused(request, refusal: str, seconds: int):
    """The login page again, at HTTP 429, saying why and how long to wait.

    The form is a new one with the user name filled in: the refused one is not checked,
    since checking it would try the password.
    """
    form = AuthenticationForm(request, initial={"username": request.POST.get("username", "")})
    context = {"form": form, "refusal": refusal, "next": request.POST.get("next", "")}
    response = render(request, "accounts/login.html", context, status=429)
    response["Retry-After"] = str(seconds)
    return response


class LoginView(auth_views.LoginView):
    """Django's login, after a limit on the logins tried from one address."""

    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        limit = limits.exceeded(request, "login")
        if limit is not None:
            return _login_refused(request, limits.message(limit), limit.seconds_left)
        return super().post(request, *args, **kwargs)


def login_locked_out(request, *_args, **_kwargs):
    """django-axes' answer (AXES_LOCKOUT_CALLABLE) to a user name locked out at this address.

    django-axes passes the refused response and the credentials, in an order that differs
    between its sync and async middleware; neither is needed here.
    """
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    refusal = ngettext(
        "Too many wrong passwords for this user name. Wait %(minutes)d minute without "
        "trying, then log in again, or ask an administrator to unlock it.",
        "Too many wrong passwords for this user name. Wait %(minutes)d minutes without "
        "trying, then log in again, or ask an administrator to unlock it.",
        minutes,
    ) % {"minutes": minutes}
    return _login_refused(request, refusal, minutes * 60)

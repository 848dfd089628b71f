"""Facilitators' logins, refused while their user name is locked out at an address."""

from axes.backends import AxesStandaloneBackend


class LoginAttemptsBackend(AxesStandaloneBackend):
    """django-axes' lockout check, for logins that come with a request.

    One without a request (the test client's login(), a shell) is no one trying passwords
    over the network: it is left to the next backend rather than refused, as django-axes
    itself would refuse it.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)

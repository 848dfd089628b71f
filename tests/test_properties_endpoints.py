"""Generated input on every form: each POST the authorization matrix lists (tests/
authorization.py), sent by someone it lets through, with its own fields and any others,
filled with anything. The answer is never a server error, and nothing survives the request
(each is rolled back, so every example meets the same world).

`make test` runs ENDPOINT_EXAMPLES × the profile's examples (25 → 175); `make test-long`
with the long profile (1,000 → 7,000), which with tests/test_properties.py's three makes
more than 10,000 generated inputs.
"""

import importlib

from django import forms
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import authorization as matrix
from tests.test_authorization_matrix import (  # noqa: F401 (the world fixture)
    attempt,
    post_data,
    url_of,
    url_patterns,
    world,
)
from tests.test_properties import UNLIMITED, field_value

ENDPOINT_EXAMPLES = 7
APPS = ("accounts", "analysis", "groups", "helpdesk", "imports", "meetings", "participants")
APPS += ("register", "reports", "wall")
# Who sends each POST: someone the matrix lets through, the meeting's facilitator first.
SENDERS = (matrix.FACILITATOR, matrix.MEMBER, matrix.ANONYMOUS)


def form_field_names() -> list[str]:
    """Every field of every form of samtale, and those of its formsets' first rows."""
    names = {"questions-TOTAL_FORMS", "questions-INITIAL_FORMS", "speakers-TOTAL_FORMS"}
    for app in APPS:
        try:
            module = importlib.import_module(f"{app}.forms")
        except ModuleNotFoundError:
            continue
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm):
                fields = getattr(value, "base_fields", {})
                names.update(fields)
                names.update(f"questions-0-{name}" for name in fields)
                names.update(f"speakers-0-{name}" for name in fields)
    return sorted(names)


FIELD_NAMES = form_field_names()


def posts(world_) -> list[tuple[matrix.Route, str, str]]:
    """(row, URL, sender) for every POST someone may send."""
    patterns = {pattern.key: pattern for pattern in url_patterns()}
    found = []
    for route in matrix.ROUTES:
        pattern = patterns.get(route.name)
        if pattern is None or pattern.name is None:
            continue
        sender = next((role for role in SENDERS if route.post[role] == matrix.ALLOW), None)
        if sender is not None:
            found.append((route, url_of(world_, route, pattern), sender))
    return found


def test_the_forms_are_found():
    assert {"name", "organisation", "title", "body", "question", "alt"} <= set(FIELD_NAMES)


@settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    max_examples=settings().max_examples * ENDPOINT_EXAMPLES,
)
@given(data=st.data())
@override_settings(**UNLIMITED)
def test_every_form_answers_any_input_without_a_server_error(world, data):  # noqa: F811
    every = posts(world)
    assert len(every) > 30
    route, url, sender = data.draw(st.sampled_from(every), label="endpoint")
    own = post_data(world, route)
    keep = data.draw(st.sets(st.sampled_from(sorted(own))) if own else st.just(set()))
    fuzzed = data.draw(
        st.dictionaries(
            st.sampled_from([*sorted(own), *FIELD_NAMES]),
            st.one_of(field_value, st.lists(field_value, max_size=3)),
            max_size=6,
        ),
        label="fields",
    )
    sent = {**{key: own[key] for key in keep}, **fuzzed}

    response = attempt(world, sender, "POST", url, sent)

    assert response.status_code < 500, (url, sender, sent)

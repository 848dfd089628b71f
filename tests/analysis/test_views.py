"""The synthesis pages: one meeting's, across meetings, the tag review, taxonomies, search."""

import datetime

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from analysis.models import Category, TagReview, Taxonomy
from analysis.tasks import model_refresh, session_refresh
from register.models import County
from tests.analysis.cards import written_cards
from tests.conftest import joined_client
from tests.factories import UserFactory
from wall import domain as wall

pytestmark = pytest.mark.django_db

FOR_ALL = [
    "Kulturskolen må være for alle barn. Egenbetalingen er for høy og ventelisten er lang.",
    "Kulturskulen må vere for alle born. Eigenbetalinga er for høg og ventelista er lang.",
    "Friplasser og lavere egenbetaling gjør at alle barn kan gå i kulturskolen.",
]
CREATING = [
    "Elevene skal få skape sin egen musikk og improvisere sammen med dansere.",
    "Elevane skal få skape eigen musikk og improvisere i lag med dansarar og skodespelarar.",
    "Vi vil at elevene skal improvisere og skape egen musikk i samspill.",
]
VALUE_AREAS = "fremtidens-kulturskole"


def logged_in(user) -> Client:
    """A facilitator's browser, in English (the source language) so the pages' words are
    the source strings."""
    client = Client()
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def meeting():
    """Six cards: three on «for everyone» (question 1), three on creating (question 2);
    the groups alternate between Oslo and Vestland."""
    cards = written_cards(
        [(text, [1]) for text in FOR_ALL] + [(text, [2]) for text in CREATING],
        title="Fremtidens kulturskole",
    )
    meeting = cards[0].item.meeting
    vestland = County.objects.create(number="46", name="Vestland", official_name="Vestland")
    oslo = County.objects.create(number="03", name="Oslo", official_name="Oslo")
    for index, card in enumerate(cards):
        for membership in card.group.memberships.select_related("participant"):
            participant = membership.participant
            participant.county = vestland if index % 2 else oslo
            participant.organisation = "Bergen kommune" if index % 2 else "Oslo kommune"
            participant.save()
    return meeting


@pytest.fixture
def facilitator(meeting):
    return logged_in(meeting.facilitators.get())


def shown(response) -> int:
    return response.context["synthesis"].cards


# --- Who may see the pages -------------------------------------------------------------


def meeting_pages(meeting):
    return [f"/analysis/{meeting.pk}/", f"/analysis/{meeting.pk}/review/"]


def test_meeting_pages_answer_their_facilitator(meeting, facilitator):
    for url in meeting_pages(meeting):
        assert facilitator.get(url).status_code == 200, url


def test_meeting_pages_refuse_another_facilitator(meeting):
    other = logged_in(UserFactory())
    for url in meeting_pages(meeting):
        assert other.get(url).status_code == 403, url


def test_meeting_pages_send_a_participant_to_log_in(meeting):
    participant = joined_client(meeting)
    for url in meeting_pages(meeting):
        response = participant.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_pages_across_meetings_send_a_participant_to_log_in(meeting):
    participant = joined_client(meeting)
    for url in ["/analysis/", "/analysis/search/?q=musikk", "/analysis/taxonomies/"]:
        response = participant.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/")


def test_across_meetings_shows_another_facilitator_none_of_these_cards(meeting, facilitator):
    assert shown(facilitator.get("/analysis/")) == 6
    assert shown(logged_in(UserFactory()).get("/analysis/")) == 0


def test_review_refuses_a_post_from_another_facilitator(meeting):
    card = meeting.items.get().cards.first()
    other = logged_in(UserFactory())
    response = other.post(
        f"/analysis/{meeting.pk}/review/", {"taxonomy": VALUE_AREAS, "card": card.pk}
    )
    assert response.status_code == 403
    assert TagReview.objects.count() == 0


# --- The meeting's synthesis -------------------------------------------------------------


def test_meeting_synthesis_draws_an_accessible_chart_with_a_table(meeting, facilitator):
    page = facilitator.get(f"/analysis/{meeting.pk}/").content.decode()
    assert '<svg class="bar-chart" role="img" aria-labelledby="areas-chart-title' in page
    assert '<title id="areas-chart-title">' in page
    assert "Inkluderende og mangfoldig: 3 of 6" in page  # the chart's text alternative
    assert '<caption id="questions-caption">' in page
    assert "<blockquote>" in page
    assert "http" not in page.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_meeting_synthesis_links_theme_cards_to_the_wall(meeting, facilitator):
    response = facilitator.get(f"/analysis/{meeting.pk}/")
    themes = response.context["themes"]
    assert themes
    card = themes[0].sessions[0][1][0]
    item = meeting.items.get()
    assert card.url == f"/wall/{meeting.code}/{item.pk}/#card-{card.pk}"
    assert f'href="{card.url}"' in response.content.decode()


def test_meeting_synthesis_filters_change_the_counts(meeting, facilitator):
    url = f"/analysis/{meeting.pk}/"
    item = meeting.items.get()
    assert shown(facilitator.get(url)) == 6
    assert shown(facilitator.get(url, {"county": "46"})) == 3
    assert shown(facilitator.get(url, {"organisation": "Oslo kommune"})) == 3
    assert shown(facilitator.get(url, {"question": f"{item.pk}:2"})) == 3
    assert shown(facilitator.get(url, {"session": item.pk})) == 6
    assert shown(facilitator.get(url, {"category": "utviklende_og_skapende"})) == 3
    response = facilitator.get(url, {"county": "46", "category": "inkluderende_og_mangfoldig"})
    assert shown(response) == 1
    assert response.context["synthesis"].totals["inkluderende_og_mangfoldig"] == 1


def test_meeting_synthesis_tables_count_by_county_and_question(meeting, facilitator):
    response = facilitator.get(f"/analysis/{meeting.pk}/")
    counties = {row.label: row.cards for row in response.context["county_rows"]}
    assert counties == {"Oslo": 3, "Vestland": 3}
    first, second = response.context["question_rows"]
    slugs = [c.slug for c in response.context["categories"]]
    inclusive = slugs.index("inkluderende_og_mangfoldig")
    assert first.cells[inclusive].count == 3
    assert first.cells[inclusive].level == 4  # every card of the question: the darkest
    assert second.cells[inclusive].count == 0


def test_meeting_synthesis_with_the_knowledge_base(meeting, facilitator):
    response = facilitator.get(f"/analysis/{meeting.pk}/", {"taxonomy": "kunnskapsgrunnlaget"})
    assert response.context["taxonomy"].slug == "kunnskapsgrunnlaget"
    assert [c.slug for c in response.context["categories"]][0] == "variasjon"


def test_meeting_synthesis_ignores_a_category_of_another_taxonomy(meeting, facilitator):
    response = facilitator.get(
        f"/analysis/{meeting.pk}/",
        {"taxonomy": "kunnskapsgrunnlaget", "category": "utviklende_og_skapende"},
    )
    assert response.status_code == 200
    assert shown(response) == 6


def test_meeting_synthesis_lists_the_cards_that_speak_to_none(meeting, facilitator):
    item = meeting.items.get()
    card = item.cards.order_by("group__number").last()
    wall.card_save(
        card=card,
        base_version=card.version,
        heading="",
        body="Pausen var for kort, og kaffen var kald.",
        question_numbers=[1],
    )
    response = facilitator.get(f"/analysis/{meeting.pk}/")
    [(session, links)] = response.context["untagged"]
    assert (session, [link.pk for link in links]) == (item.title, [card.pk])


def test_pages_of_a_meeting_without_cards_say_so():
    from tests.factories import MeetingFactory

    meeting = MeetingFactory()
    client = logged_in(meeting.facilitators.get())
    synthesis = client.get(f"/analysis/{meeting.pk}/")
    assert shown(synthesis) == 0
    assert "No cards written yet. The synthesis appears here as the groups write." in (
        synthesis.content.decode()
    )
    review = client.get(f"/analysis/{meeting.pk}/review/")
    assert review.context["current"] is None
    assert "No cards written yet." in review.content.decode()


def test_meeting_synthesis_ignores_a_filter_value_it_does_not_know(meeting, facilitator):
    response = facilitator.get(f"/analysis/{meeting.pk}/", {"session": "x", "county": "99"})
    assert response.status_code == 200
    assert shown(response) == 6


def queries_for_meeting_page(cards: int) -> int:
    texts = [(FOR_ALL + CREATING)[index % 6] for index in range(cards)]
    meeting = written_cards(texts)[0].item.meeting
    client = logged_in(meeting.facilitators.get())
    client.get(f"/analysis/{meeting.pk}/")  # warm the tagger's caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/analysis/{meeting.pk}/")
    assert shown(response) == cards
    return len(queries)


def test_meeting_synthesis_queries_do_not_grow_with_the_cards():
    assert queries_for_meeting_page(3) == queries_for_meeting_page(30)


# --- Across meetings ---------------------------------------------------------------------


def test_across_meetings_filters_by_meeting_and_period(meeting, facilitator):
    user = meeting.facilitators.get()
    later = written_cards(CREATING, title="Kulturskuledag i Vestland", facilitators=[user])
    other = later[0].item.meeting
    other.date = meeting.date + datetime.timedelta(days=30)
    other.save()
    assert shown(facilitator.get("/analysis/")) == 9
    assert shown(facilitator.get("/analysis/", {"meetings": [other.pk]})) == 3
    assert shown(facilitator.get("/analysis/", {"meetings": [meeting.pk, other.pk]})) == 9
    assert shown(facilitator.get("/analysis/", {"start": other.date.isoformat()})) == 3
    assert shown(facilitator.get("/analysis/", {"end": meeting.date.isoformat()})) == 6
    rows = facilitator.get("/analysis/").context["meeting_rows"]
    assert {row.label: row.cards for row in rows} == {
        "Fremtidens kulturskole": 6,
        "Kulturskuledag i Vestland": 3,
    }


def test_across_meetings_ignores_a_meeting_the_facilitator_cannot_see(meeting):
    stranger = logged_in(UserFactory())
    response = stranger.get("/analysis/", {"meetings": [meeting.pk]})
    assert shown(response) == 0


def test_across_meetings_shows_themes_by_county(meeting, facilitator):
    response = facilitator.get("/analysis/")
    by_county = response.context["themes_by_county"]
    assert set(by_county.counties) == {"Oslo", "Vestland"}
    themes = response.context["themes"]
    assert all(len(row.cells) == len(themes) for row in by_county.rows)
    page = response.content.decode()
    assert '<svg class="grid-chart" role="img"' in page
    assert '<caption id="theme-county-caption">' in page


# --- Review ------------------------------------------------------------------------------


def review_url(meeting, **params):
    query = "&".join(f"{key}={value}" for key, value in {"taxonomy": VALUE_AREAS, **params}.items())
    return f"/analysis/{meeting.pk}/review/?{query}"


def test_review_shows_the_words_that_caused_each_category(meeting, facilitator):
    card = meeting.items.get().cards.order_by("group__number").first()
    response = facilitator.get(review_url(meeting, card=card.pk))
    review = response.context["review"]
    inclusive = next(
        c for c in review.categories if c.category.slug == "inkluderende_og_mangfoldig"
    )
    assert inclusive.suggested and inclusive.applies
    marked = [part.text for part in review.body if part.shade == inclusive.shade]
    assert marked and all(part in card.body for part in marked)
    page = response.content.decode()
    assert f'<mark class="mark mark--{inclusive.shade}">{marked[0]}</mark>' in page
    assert 'value="inkluderende_og_mangfoldig" checked' in page


def test_review_escapes_the_card_text(meeting, facilitator):
    card = meeting.items.get().cards.order_by("group__number").first()
    wall.card_save(
        card=card,
        base_version=card.version,
        heading="<b>Overskrift</b>",
        body="<script>alert(1)</script> Kulturskolen må være for alle barn.",
        question_numbers=[1],
    )
    page = facilitator.get(review_url(meeting, card=card.pk)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;b&gt;Overskrift&lt;/b&gt;" in page


def test_review_confirms_and_rejects_and_goes_to_the_next_card(
    meeting, facilitator, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    cache.clear()  # a new spell: no training scheduled by an earlier test
    first, second = meeting.items.get().cards.order_by("group__number")[:2]
    with django_capture_on_commit_callbacks(execute=True):
        response = facilitator.post(
            f"/analysis/{meeting.pk}/review/",
            {"taxonomy": VALUE_AREAS, "card": first.pk, "applies": ["utviklende_og_skapende"]},
        )
    assert response.status_code == 302
    assert response["Location"] == review_url(meeting, card=second.pk, saved=1)
    said = dict(TagReview.objects.filter(card=first).values_list("category__slug", "applies"))
    assert said == {
        "attraktiv_og_relevant": False,
        "inkluderende_og_mangfoldig": False,  # the tagger's suggestion, rejected
        "utviklende_og_skapende": True,  # not suggested, confirmed
        "betydningsfull_og_mestringsorientert": False,
    }
    assert DBTaskResult.objects.filter(task_path="analysis.tasks.model_refresh").count() == 1
    # The review now overrides the tagger for this card, on the synthesis page too.
    synthesis = facilitator.get(f"/analysis/{meeting.pk}/").context["synthesis"]
    assert [c.slug for c in synthesis.tags[first.pk].categories] == ["utviklende_og_skapende"]
    page = facilitator.get(response["Location"])
    assert page.context["current"] == second
    assert page.context["focus"] is True
    assert 'id="review-card" tabindex="-1" aria-labelledby="review-card-heading" autofocus' in (
        page.content.decode()
    )


def test_review_after_the_last_card_says_every_card_is_reviewed(meeting, facilitator):
    cards = list(meeting.items.get().cards.order_by("group__number"))
    for card in cards:
        response = facilitator.post(
            f"/analysis/{meeting.pk}/review/", {"taxonomy": VALUE_AREAS, "card": card.pk}
        )
    assert response["Location"] == review_url(meeting, done=1)
    page = facilitator.get(response["Location"])
    assert page.context["current"] is None
    assert page.context["reviewed"] == {card.pk for card in cards}


def test_review_says_when_too_few_cards_are_reviewed(meeting, facilitator):
    card = meeting.items.get().cards.first()
    facilitator.post(f"/analysis/{meeting.pk}/review/", {"taxonomy": VALUE_AREAS, "card": card.pk})
    model_refresh.call(Taxonomy.objects.get(slug=VALUE_AREAS).pk)
    response = facilitator.get(review_url(meeting))
    agreement = response.context["agreement"]
    assert (agreement.reviewed, agreement.rows) == (1, ())
    assert "Too few reviewed cards to measure yet: 1 reviewed, at least 10 needed." in (
        response.content.decode()
    )


def test_review_shows_precision_recall_and_f1_per_category(facilitator, meeting):
    cards = written_cards((FOR_ALL + CREATING) * 2, meeting=meeting)
    taxonomy = Taxonomy.objects.get(slug=VALUE_AREAS)
    for card in cards:
        wanted = (
            ["inkluderende_og_mangfoldig"] if "alle" in card.body else ["utviklende_og_skapende"]
        )
        facilitator.post(
            f"/analysis/{meeting.pk}/review/",
            {"taxonomy": VALUE_AREAS, "card": card.pk, "applies": wanted},
        )
    model_refresh.call(taxonomy.pk)
    agreement = facilitator.get(review_url(meeting)).context["agreement"]
    assert agreement.reviewed == 12
    scores = dict((category.slug, values) for category, values in agreement.rows)
    assert set(scores) == {c.slug for c in taxonomy.categories.all()}
    assert scores["inkluderende_og_mangfoldig"]["f1"] > 0.5
    assert scores["inkluderende_og_mangfoldig"]["support"] == 6


def test_a_correction_changes_the_next_prediction(facilitator, meeting):
    reviewed, following = written_cards(
        [
            "Vi trenger et nytt øvingslokale med god akustikk for korpset.",
            "Korpset trenger et nytt øvingslokale med bedre akustikk.",
        ],
        meeting=meeting,
    )

    def suggested(card):
        review = facilitator.get(review_url(meeting, card=card.pk)).context["review"]
        return {item.category.slug for item in review.categories if item.suggested}

    model_refresh.call(Taxonomy.objects.get(slug=VALUE_AREAS).pk)  # the shipped model first
    assert suggested(following) == {"attraktiv_og_relevant"}
    facilitator.post(
        f"/analysis/{meeting.pk}/review/",
        {
            "taxonomy": VALUE_AREAS,
            "card": reviewed.pk,
            "applies": ["betydningsfull_og_mestringsorientert"],
        },
    )
    model_refresh.call(Taxonomy.objects.get(slug=VALUE_AREAS).pk)  # what the worker does
    assert suggested(following) == {"betydningsfull_og_mestringsorientert"}


# --- Taxonomies --------------------------------------------------------------------------


def taxonomy_post(**extra):
    data = {
        "name_nb": "Medvirkning",
        "name_nn": "",
        "description_nb": "Barn og unges stemme",
        "description_nn": "",
        "categories-TOTAL_FORMS": "3",
        "categories-INITIAL_FORMS": "0",
        "categories-MIN_NUM_FORMS": "1",
        "categories-MAX_NUM_FORMS": "1000",
        "categories-0-name_nb": "Elevråd",
        "categories-0-name_nn": "Elevråd",
        "categories-0-examples": "elevråd\nbarn og unges medvirkning\nelevane si stemme",
        "categories-1-name_nb": "Foreldre",
        "categories-1-examples": "foreldre\nforesatte",
    }
    data.update(extra)
    return data


def test_a_facilitator_adds_a_taxonomy_of_their_own(facilitator, meeting):
    response = facilitator.post("/analysis/taxonomies/new/", taxonomy_post())
    assert response.status_code == 302
    taxonomy = Taxonomy.objects.get(slug="medvirkning")
    assert taxonomy.owner == meeting.facilitators.get()
    assert taxonomy.name_nn == "Medvirkning"  # the bokmål name, when none is given
    assert [(c.slug, c.name_nn) for c in taxonomy.categories.all()] == [
        ("elevrad", "Elevråd"),
        ("foreldre", "Foreldre"),
    ]
    page = facilitator.get(f"/analysis/{meeting.pk}/", {"taxonomy": "medvirkning"})
    assert page.context["taxonomy"] == taxonomy


def test_own_taxonomy_tags_with_its_example_phrases(facilitator, meeting):
    facilitator.post("/analysis/taxonomies/new/", taxonomy_post())
    card = written_cards(
        ["Elevrådet må bli hørt: barn og unges medvirkning. Foreldre og foresatte også."],
        meeting=meeting,
    )[0]
    response = facilitator.get(
        f"/analysis/{meeting.pk}/review/?taxonomy=medvirkning&card={card.pk}"
    )
    review = response.context["review"]
    assert {item.category.slug for item in review.categories if item.suggested} == {
        "elevrad",
        "foreldre",
    }


def test_a_facilitator_edits_their_taxonomy(facilitator, meeting):
    facilitator.post("/analysis/taxonomies/new/", taxonomy_post())
    taxonomy = Taxonomy.objects.get(slug="medvirkning")
    first, second = taxonomy.categories.all()
    response = facilitator.post(
        f"/analysis/taxonomies/{taxonomy.pk}/",
        taxonomy_post(
            **{
                "name_nn": "Medverknad",
                "categories-TOTAL_FORMS": "4",
                "categories-INITIAL_FORMS": "2",
                "categories-0-id": str(first.pk),
                "categories-0-name_nb": "Elevrådet",
                "categories-1-id": str(second.pk),
                "categories-1-DELETE": "on",
                "categories-2-name_nb": "Lærere",
                "categories-2-examples": "lærer",
            }
        ),
    )
    assert response.status_code == 302
    taxonomy.refresh_from_db()
    assert taxonomy.name_nn == "Medverknad"
    assert [(c.slug, c.name_nb) for c in taxonomy.categories.all()] == [
        ("elevrad", "Elevrådet"),  # the slug stays: reviews of it keep their meaning
        ("laerere", "Lærere"),
    ]
    assert not Category.objects.filter(pk=second.pk).exists()


def test_nobody_edits_a_default_taxonomy_or_another_facilitators(facilitator, meeting):
    default = Taxonomy.objects.get(slug=VALUE_AREAS)
    assert facilitator.get(f"/analysis/taxonomies/{default.pk}/").status_code == 403
    facilitator.post("/analysis/taxonomies/new/", taxonomy_post())
    own = Taxonomy.objects.get(slug="medvirkning")
    other = logged_in(UserFactory())
    assert other.get(f"/analysis/taxonomies/{own.pk}/").status_code == 403
    assert other.post(f"/analysis/taxonomies/{own.pk}/", taxonomy_post()).status_code == 403
    # Nor may another use it through a page's chooser: they get the value areas.
    page = other.get("/analysis/", {"taxonomy": "medvirkning"})
    assert page.context["taxonomy"].slug == VALUE_AREAS


def test_a_taxonomy_needs_a_name_and_a_category(facilitator):
    response = facilitator.post(
        "/analysis/taxonomies/new/",
        taxonomy_post(**{"name_nb": "", "categories-1-name_nb": ""}),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name_nb"]
    assert response.context["formset"].forms[1].errors["name_nb"]  # examples without a name
    response = facilitator.post(
        "/analysis/taxonomies/new/",
        taxonomy_post(
            **{
                "categories-0-name_nb": "",
                "categories-0-name_nn": "",
                "categories-0-examples": "",
                "categories-1-name_nb": "",
                "categories-1-examples": "",
            }
        ),
    )
    assert response.context["formset"].non_form_errors()  # not one category
    assert not Taxonomy.objects.filter(owner__isnull=False).exists()


def test_taxonomy_list_shows_the_defaults_and_ones_own(facilitator):
    facilitator.post("/analysis/taxonomies/new/", taxonomy_post())
    names = [t.slug for t in facilitator.get("/analysis/taxonomies/").context["taxonomies"]]
    assert names == [VALUE_AREAS, "kunnskapsgrunnlaget", "medvirkning"]
    assert [
        t.slug for t in logged_in(UserFactory()).get("/analysis/taxonomies/").context["taxonomies"]
    ] == [VALUE_AREAS, "kunnskapsgrunnlaget"]


# --- Search ------------------------------------------------------------------------------


@pytest.fixture
def searchable(meeting):
    cards = written_cards(
        [
            "Kulturskole og grunnskole må samarbeide om timeplanen.",
            "Vi treng ein betre skule for alle.",
            "Dansen trenger et større rom.",
            "Musikken trenger flere lærere.",
        ],
        meeting=meeting,
    )
    session_refresh.call(cards[0].item_id)  # what the worker does after saves
    return cards


def found(response) -> list[int]:
    return [result.card.pk for result in response.context["results"]]


def test_search_finds_an_inflected_form(facilitator, searchable):
    response = facilitator.get("/analysis/search/", {"q": "kulturskolene"})
    assert found(response) == [searchable[0].pk]
    result = response.context["results"][0]
    assert [part.text for part in result.snippet if part.shade] == ["Kulturskole"]
    assert "<mark>Kulturskole</mark>" in response.content.decode()


def test_search_finds_the_other_written_form(facilitator, searchable):
    response = facilitator.get("/analysis/search/", {"q": "skulen"})
    assert searchable[1].pk in found(response)
    response = facilitator.get("/analysis/search/", {"q": "skolen"})
    result = next(r for r in response.context["results"] if r.card == searchable[1])
    assert [part.text for part in result.snippet if part.shade] == ["skule"]
    assert result.url == (
        f"/wall/{searchable[1].item.meeting.code}/{searchable[1].item_id}/#card-{searchable[1].pk}"
    )


def test_search_explains_inflections_and_written_forms(facilitator):
    page = facilitator.get("/analysis/search/").content.decode()
    assert "Inflected forms and both written forms are found" in page


def test_search_finds_published_walls_of_others_and_nothing_else(searchable):
    stranger = logged_in(UserFactory())
    assert found(stranger.get("/analysis/search/", {"q": "dansen"})) == []
    item = searchable[2].item
    shared = wall.wall_share(item=item, enabled=True)
    response = stranger.get("/analysis/search/", {"q": "dansen"})
    assert found(response) == [searchable[2].pk]
    result = response.context["results"][0]
    assert result.published
    assert result.url == f"/wall/shared/{shared.share_token}/#card-{searchable[2].pk}"


def test_search_leaves_out_hidden_cards_of_published_walls(searchable):
    item = searchable[2].item
    wall.wall_share(item=item, enabled=True)
    card = searchable[2]
    card.hidden = True
    card.save()
    assert found(logged_in(UserFactory()).get("/analysis/search/", {"q": "dansen"})) == []

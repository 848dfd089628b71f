from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from analysis import review as review_
from analysis.coverage import report_pick_covering
from analysis.domain import default_taxonomy
from analysis.forms import (
    AcrossFilterForm,
    CategoryFormSet,
    ReviewForm,
    SearchForm,
    SynthesisFilterForm,
    TaxonomyForm,
)
from analysis.live import session_in_focus
from analysis.models import SessionSynthesis, Taxonomy
from analysis.presenting import synthesis_context
from analysis.search_results import search_results
from analysis.synthesis import synthesis_build, synthesis_cards
from analysis.taxonomies import (
    CATEGORY_FIELDS,
    taxonomies_for,
    taxonomy_chosen,
    taxonomy_save,
)
from common.refusals import refusal_caught
from meetings.access import facilitator_required
from meetings.domain import meetings_for_facilitator
from meetings.models import Meeting, ProgrammeItem
from wall.forms import ReportRandomForm


def _synthesis_page(request, form_class, meetings, *, across: bool) -> dict:
    taxonomies = list(taxonomies_for(request.user))
    taxonomy = taxonomy_chosen(taxonomies=taxonomies, slug=request.GET.get("taxonomy", ""))
    form = form_class(
        request.GET or None, meetings=meetings, taxonomies=taxonomies, taxonomy=taxonomy
    )
    filters = form.filters()
    cards = synthesis_cards(meetings=meetings, filters=filters)
    synthesis = synthesis_build(taxonomy=taxonomy, cards=cards, category=filters.category)
    return {
        "form": form,
        "taxonomy": taxonomy,
        "taxonomies": taxonomies,
        **synthesis_context(synthesis, cards, across=across),
    }


@facilitator_required
def meeting_synthesis(request, meeting):
    """What the groups of one meeting said: value areas, themes with quotes, and counts."""
    context = _synthesis_page(
        request, SynthesisFilterForm, Meeting.objects.filter(pk=meeting.pk), across=False
    )
    return render(request, "analysis/meeting.html", {"meeting": meeting, **context})


@login_required
def across(request):
    """Erfaringsdeling: the same over every meeting the facilitator can see."""
    meetings = meetings_for_facilitator(request.user)
    context = _synthesis_page(request, AcrossFilterForm, meetings, across=True)
    return render(request, "analysis/across.html", context)


def _review_url(meeting, taxonomy, **params) -> str:
    query = urlencode({"taxonomy": taxonomy.slug, **params})
    return f"{reverse('analysis:review', args=[meeting.pk])}?{query}"


def _next_card(cards, reviewed: set[int], after):
    """The first card not reviewed yet after `after`, going round to the start."""
    index = cards.index(after) if after in cards else -1
    for card in cards[index + 1 :] + cards[: index + 1]:
        if card.pk not in reviewed:
            return card
    return None


@facilitator_required
def review(request, meeting):
    """Card by card: confirm or correct the categories the tagger suggests."""
    taxonomies = list(taxonomies_for(request.user))
    chosen = request.POST.get("taxonomy") or request.GET.get("taxonomy", "")
    taxonomy = taxonomy_chosen(taxonomies=taxonomies, slug=chosen)
    cards = list(review_.review_cards(meeting=meeting))
    by_pk = {card.pk: card for card in cards}
    if request.method == "POST":
        form = ReviewForm(request.POST, taxonomy=taxonomy)
        if not form.is_valid() or form.cleaned_data["card"] not in by_pk:
            raise Http404  # only a tampered form gets here: every value comes from the page
        card = by_pk[form.cleaned_data["card"]]
        review_.card_review_save(
            card=card,
            taxonomy=taxonomy,
            applies=set(form.cleaned_data["applies"]),
            user=request.user,
        )
        messages.success(request, _("Saved: %(group)s.") % {"group": card.group.name})
        reviewed = review_.reviewed_card_ids(taxonomy=taxonomy, cards=cards)
        following = _next_card(cards, reviewed, card)
        if following is None:
            return redirect(_review_url(meeting, taxonomy, done=1))
        return redirect(_review_url(meeting, taxonomy, card=following.pk, saved=1))
    reviewed = review_.reviewed_card_ids(taxonomy=taxonomy, cards=cards)
    current = by_pk.get(int(request.GET["card"])) if request.GET.get("card", "").isdigit() else None
    if current is None and "done" not in request.GET:
        current = _next_card(cards, reviewed, None)
    context = {
        "meeting": meeting,
        "taxonomy": taxonomy,
        "taxonomies": taxonomies,
        "cards": cards,
        "reviewed": reviewed,
        "current": current,
        "position": cards.index(current) + 1 if current else 0,
        "agreement": review_.model_agreement(taxonomy=taxonomy),
        "focus": "saved" in request.GET,
    }
    if current is not None:
        context["review"] = review_.card_review(taxonomy=taxonomy, card=current)
        following = _next_card(cards, reviewed | {current.pk}, current)
        context["skip_url"] = _review_url(meeting, taxonomy, card=following.pk) if following else ""
    return render(request, "analysis/review.html", context)


@login_required
def taxonomy_list(request):
    taxonomies = taxonomies_for(request.user)
    return render(request, "analysis/taxonomies.html", {"taxonomies": taxonomies})


def _own_taxonomy(request, taxonomy_pk) -> Taxonomy:
    taxonomy = get_object_or_404(Taxonomy, pk=taxonomy_pk)
    if taxonomy.owner_id is None or taxonomy.owner_id != request.user.pk:
        raise PermissionDenied  # the defaults are shared; another's is theirs
    return taxonomy


@login_required
def taxonomy_edit(request, taxonomy_pk=None):
    """A facilitator's own taxonomy: its names and descriptions, and its categories."""
    taxonomy = _own_taxonomy(request, taxonomy_pk) if taxonomy_pk else None
    instance = taxonomy or Taxonomy()
    form = TaxonomyForm(request.POST or None, instance=instance)
    formset = CategoryFormSet(request.POST or None, instance=instance, prefix="categories")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        categories = [
            {
                **{name: item.cleaned_data.get(name, "") for name in CATEGORY_FIELDS},
                "id": item.instance.pk,
                "delete": item.cleaned_data.get("DELETE", False),
            }
            for item in formset.forms
            if item.cleaned_data
        ]
        saved = taxonomy_save(
            owner=request.user, fields=form.cleaned_data, categories=categories, taxonomy=taxonomy
        )
        messages.success(request, _("Saved: %(name)s.") % {"name": saved.name})
        return redirect("analysis:taxonomies")
    return render(
        request,
        "analysis/taxonomy_edit.html",
        {"form": form, "formset": formset, "taxonomy": taxonomy},
    )


@login_required
def search(request):
    """Full-text search over the cards of one's meetings and of every published wall."""
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    results = search_results(user=request.user, query=query) if query else []
    return render(
        request, "analysis/search.html", {"form": form, "query": query, "results": results}
    )


@facilitator_required
def session_panel(request, meeting):
    """The control room's panel: what the cards of the session that matters now say so far."""
    item = session_in_focus(meeting)
    return render(request, "analysis/_session_panel.html", session_panel_context(meeting, item))


def session_panel_context(meeting, item: ProgrammeItem | None) -> dict:
    synthesis = SessionSynthesis.objects.filter(item=item).first() if item else None
    data = synthesis.data if synthesis else {}
    names = {category.slug: category.name for category in default_taxonomy().categories.all()}
    cards = data.get("cards", 0)
    areas = [
        {
            **area,
            "name": names.get(area["slug"], area["slug"]),
            "percent": round(100 * area["cards"] / cards) if cards else 0,
        }
        for area in data.get("areas", [])
    ]
    return {
        "meeting": meeting,
        "item": item,
        "synthesis": synthesis,
        "cards": cards,
        "untagged": data.get("untagged", 0),
        "areas": areas,
        "themes": data.get("themes", []),
    }


@require_POST
@facilitator_required
def report_cover(request, meeting, item_pk):
    """Report-back: add the groups whose cards cover the most themes and value areas."""
    item = get_object_or_404(meeting.items, pk=item_pk, kind=ProgrammeItem.Kind.REPORT_BACK)
    form = ReportRandomForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Choose between 1 and 50 groups, and between 0.5 and 30 minutes.")
        )
    else:
        with refusal_caught(request):
            slots = report_pick_covering(
                item=item,
                count=form.cleaned_data["count"],
                seconds=int(form.cleaned_data["minutes"] * 60),
            )
            messages.success(
                request,
                _("Chosen to cover the most themes: %(groups)s.")
                % {"groups": ", ".join(slot.group.name for slot in slots)},
            )
    return redirect("wall:report", meeting.pk, item.pk)

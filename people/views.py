"""Person and author pages.

`people` never imports `reviews`: a filmography follows the reverse relations
(`person.credits`, `author.reviews`), whose managers carry the reviews app's
QuerySet verbs (`filmography()`, `published()`).
"""

from django.http import Http404
from django.shortcuts import redirect
from django.views.generic import DetailView, ListView
from django.views.generic.detail import SingleObjectMixin

from heaven.meta import PageMetaMixin
from heaven.pagination import UncountedPaginationMixin
from people.known_for import known_for
from people.models import Author, Person, PersonAlias
from people.structured_data import author_jsonld, person_jsonld


class PersonDetailView(PageMetaMixin, DetailView):
    template_name = "people/person_detail.html"
    context_object_name = "person"

    def get_queryset(self):
        return Person.objects.with_aliases().select_related("photo")

    def get(self, request, *args, **kwargs):
        """An alias's slug answers 301 to the person's own page."""
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            alias = (
                PersonAlias.objects.select_related("person")
                .filter(slug=kwargs["slug"])
                .first()
            )
            if alias is None:
                raise
            return redirect(alias.person, permanent=True)

    def get_context_data(self, **kwargs):
        credits = self.object.credits.filmography()
        # One read of the credits serves both the known-for row and the list.
        kwargs["known_for"] = known_for(credits)
        kwargs["filmography"] = credits.grouped_by_role()
        kwargs["mentioned_in"] = self.object.mentions.reviews_mentioning()
        return super().get_context_data(**kwargs)

    def get_page_meta(self, context):
        person = self.object
        aliases = [alias.name for alias in person.aliases.all()]
        credited = ", ".join(label.lower() for label, _ in context["filmography"])
        description = person.bio_text or " ".join(
            part
            for part in (
                f"{person.name}: filmography ({credited})." if credited else "",
                f"Also credited as {', '.join(aliases)}." if aliases else "",
            )
            if part
        )
        return {
            "title": person.name,
            "description": description or f"{person.name} on {self.request.get_host()}",
            "og_type": "profile",
            "image": person.photo,
            "jsonld": [person_jsonld(self.request, person)],
        }


class AuthorDetailView(
    PageMetaMixin, UncountedPaginationMixin, SingleObjectMixin, ListView
):
    """An author, their bio and their published reviews, paginated. An author with
    no published review has no public page."""

    template_name = "people/author_detail.html"
    paginate_by = 12
    allow_empty = False

    def get(self, request, *args, **kwargs):
        self.object = self.get_object(queryset=Author.objects.select_related("photo"))
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return self.object.reviews.published().with_cards().latest_first()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(author=self.object, **kwargs)
        context["reviews"] = context["object_list"]
        return context

    def get_page_meta(self, context):
        author = self.object
        return {
            "title": f"{author.byline}: reviews",
            "description": author.bio_text or f"Reviews by {author.byline}.",
            "og_type": "profile",
            "image": author.photo,
            "image_alt": author.byline,
            "jsonld": [author_jsonld(self.request, author)],
        }

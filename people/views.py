from django.http import Http404
from django.shortcuts import redirect, render
from django.views.generic import DetailView

from people.models import Author, Person, PersonAlias


def person_detail(request, slug):
    person = Person.objects.with_aliases().filter(slug=slug).first()
    if person is None:
        alias = PersonAlias.objects.select_related("person").filter(slug=slug).first()
        if alias is None:
            raise Http404("No such person.")
        return redirect(alias.person, permanent=True)
    return render(request, "people/person_detail.html", {"person": person})


class AuthorDetailView(DetailView):
    model = Author
    template_name = "people/author_detail.html"
    context_object_name = "author"

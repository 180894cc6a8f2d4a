"""The picture chooser of the body editor (static/desk/library_figure.js): the
library as thumbnails, searched by alt text, caption or credit, and an upload
that answers with the new picture, so a writer inserts a picture without
knowing its number. Served under the image admin (`ImageAdmin.get_urls`), with
its permissions."""

from django import forms
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.http import JsonResponse
from django.utils.html import escape
from django.views.decorators.http import require_GET, require_POST

from reviews.library.body_images import stored_name
from reviews.library.models import Image
from reviews.library.renditions import renditions

PAGE = 40  # the newest matches; a search narrows the rest down


def described(image: Image) -> dict:
    found = renditions(image.file)
    caption = " — ".join(part for part in (image.caption, image.credit) if part)
    return {
        "id": image.pk,
        "src": image.file.url,
        "alt": image.alt_text,
        "width": image.width,
        "height": image.height,
        "thumbnail": found.jpeg[0].url if found else image.file.url,
        # As `body_images.expand` writes a [[image:N]] figure's caption.
        "figure_caption": caption,
        "figure_caption_html": escape(caption),
    }


def matching(query: str):
    images = Image.objects.all()
    for word in query.split()[:8]:
        images = images.filter(
            Q(alt_text__icontains=word)
            | Q(caption__icontains=word)
            | Q(credit__icontains=word)
        )
    return images


@require_GET
def choose(request, admin):
    """?q=words: the newest pictures matching every word; ?src=address: the
    library picture a body's <img> shows (for its thumbnail in the editor)."""
    if not admin.has_view_permission(request):
        raise PermissionDenied
    if "src" in request.GET:
        name = stored_name(request.GET["src"])
        images = Image.objects.filter(file=name) if name else Image.objects.none()
    else:
        images = matching(request.GET.get("q", "")[:200])
    return JsonResponse({"results": [described(i) for i in images[:PAGE]]})


class UploadForm(forms.ModelForm):
    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit"]


@require_POST
def upload(request, admin):
    """A new library picture from the chooser: the new picture, or the form's
    errors by field (a twin upload names the picture already there)."""
    if not admin.has_add_permission(request):
        raise PermissionDenied
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors}, status=400)
    with transaction.atomic():
        image = form.save(commit=False)
        image.uploaded_by = request.user
        image.save()
    return JsonResponse({"image": described(image)}, status=201)

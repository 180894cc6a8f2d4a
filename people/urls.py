from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("people/<uslug:slug>/", views.PersonDetailView.as_view(), name="person"),
    path("authors/<uslug:slug>/", views.AuthorDetailView.as_view(), name="author"),
]
